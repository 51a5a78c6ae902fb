package org.moelab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * The model and its loss traced once on a batch of a given size: placeholders for x and y, the
 * scalar objective (main loss plus weighted aux losses), and metric outputs (correct predictions,
 * each aux loss).
 *
 * @param x the batch-input placeholder
 * @param y the batch-target placeholder
 * @param graph loss, metrics and (when training) gradients
 * @param classifies whether the correct-count metric is present
 */
record TracedObjective(Node x, Node y, StepGraph graph, boolean classifies) {

  /** Traces {@code c.model()} on {@code sample}; differentiates with respect to {@code params}. */
  static TracedObjective trace(CallContext ctx, TrainConfig c, Dataset sample, List<Node> params) {
    TensorOps ops = ctx.ops();
    TensorValue x = ops.constant(sample.x(), "batch.x");
    TensorValue y = ops.constant(sample.y(), "batch.y");
    Value out = ctx.call(c.model(), c.span(), x);
    TensorValue pred = prediction(ctx, c, out);
    TensorValue loss = mainLoss(ctx, c, pred, y);
    List<Node> extras = new ArrayList<>();
    boolean classifies = !sample.y().dtype().isFloating() && pred.shape().rank() >= 2;
    if (classifies) {
      extras.add(Losses.correct(ops, pred, y).node());
    }
    for (Map.Entry<String, Double> a : c.aux().entrySet()) {
      TensorValue term = auxTerm(ctx, c, out, a.getKey());
      extras.add(term.node());
      loss = ops.binary(Op.ADD, loss, ops.binaryScalar(Op.MUL, term, a.getValue(), true, false));
    }
    return new TracedObjective(x.node(), y.node(), new StepGraph(loss.node(), params, extras), classifies);
  }

  private static TensorValue prediction(CallContext ctx, TrainConfig c, Value out) {
    if (out instanceof TensorValue t) {
      return t;
    }
    Map<String, Value> fields = fieldsOf(out);
    for (String key : List.of("output", "logits", "y")) {
      if (fields != null && fields.get(key) instanceof TensorValue t) {
        return t;
      }
    }
    throw ctx.error("E0104", "The model must return a tensor, or a dict with an 'output' tensor and aux losses; got "
        + out.typeName() + ".", c.span());
  }

  private static TensorValue auxTerm(CallContext ctx, TrainConfig c, Value out, String name) {
    Map<String, Value> fields = fieldsOf(out);
    if (fields == null || !(fields.get(name) instanceof TensorValue t) || t.node().shape().size() != 1) {
      throw ctx.error("E0104", "aux names '" + name + "', but the model's output has no scalar entry of that name.",
          c.span(), "Return a dict such as {\"output\": logits, \"" + name + "\": load_balance_loss(r)}.");
    }
    return ctx.ops().reshape(t, List.of());
  }

  private static Map<String, Value> fieldsOf(Value out) {
    if (out instanceof Value.DictValue d) {
      return d.entries();
    }
    return out instanceof Value.StructValue s ? s.fields() : null;
  }

  private static TensorValue mainLoss(CallContext ctx, TrainConfig c, TensorValue pred, TensorValue y) {
    if (c.lossFn() != null) {
      Value v = ctx.call(c.lossFn(), c.span(), pred, y);
      if (v instanceof TensorValue t && t.node().shape().size() == 1 && t.dtype().isFloating()) {
        return ctx.ops().reshape(t, List.of());
      }
      throw ctx.error("E0201", "The loss function must return a floating scalar, got " + v.typeName() + ".", c.span());
    }
    return c.loss().equals("mse") ? Losses.mse(ctx.ops(), pred, y) : Losses.crossEntropy(ctx.ops(), pred, y);
  }
}
