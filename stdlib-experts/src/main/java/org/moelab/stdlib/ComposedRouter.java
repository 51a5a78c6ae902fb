package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/**
 * A router composed of the orthogonal primitives: score → activation → (selection-only bias) →
 * selection → normalisation → capacity. Every named router ({@code topk}, {@code switch},
 * {@code grouped_topk}, {@code top_p}, {@code expert_choice}, ...) is one of these.
 *
 * @param name the constructor's name, for display
 * @param score tokens to logits
 * @param activation logits to probabilities
 * @param temperature divides the logits before the activation
 * @param bias added to the probabilities for selection only (DeepSeek v3), or null
 * @param selection which slots are used
 * @param normalization how the selected probabilities become weights
 * @param capacity capacity limit and overflow policy, or null for dropless routing
 * @param expertCount E (-1 while unknown); score columns beyond E are null experts (AdaMoE)
 */
public record ComposedRouter(String name, Score score, Activation activation, double temperature, TensorValue bias,
    Selection selection, Normalization normalization, Capacity capacity, long expertCount) implements Router {

  @Override
  public Routing route(CallContext ctx, TensorValue x, Dim groups) {
    TensorOps ops = ctx.ops();
    TensorValue logits = score.logits(ctx, x);
    TensorValue probs = activation.apply(ctx, logits, temperature);
    TensorValue choice = bias == null ? probs : ops.binary(Op.ADD, probs, ops.cast(bias, probs.dtype()));
    Selection.Picked picked = selection.select(ctx, probs, choice, expertCount, groups);
    if (picked.expertChoice()) {
      TensorValue w = normalization.scale() == 1.0 ? picked.weights()
          : ops.binaryScalar(Op.MUL, picked.weights(), normalization.scale(), true, false);
      return new Routing(logits, probs, picked.indices(), w, null, null, w, expertCount, true);
    }
    TensorValue selectedLogits = normalization.kind() == Normalization.Kind.SOFTMAX
        ? ops.gather(logits, -1, picked.indices()) : null;
    TensorValue weights = normalization.apply(ctx, picked.weights(), selectedLogits, picked.active());
    if (capacity == null) {
      return new Routing(logits, probs, picked.indices(), weights, picked.active(), null, weights, expertCount, false);
    }
    long columns = Shapes.size(logits.shape().dim(-1));
    TensorValue kept = capacity.kept(ctx, picked.indices(), picked.weights(), picked.active(), columns < 0 ? expertCount : columns, expertCount, groups);
    TensorValue used = picked.active() != null ? picked.active() : ops.full(kept.shape(), 1.0, kept.dtype());
    TensorValue dropped = ops.binary(Op.SUB, used, kept);
    return new Routing(logits, probs, picked.indices(), ops.binary(Op.MUL, weights, kept), kept, dropped, weights,
        expertCount, false);
  }

  @Override
  public Dim experts() {
    return expertCount < 0 ? Dim.any() : Dim.of(expertCount);
  }

  @Override
  public Dim width() {
    return score.width();
  }

  @Override
  public long k() {
    return selection instanceof Selection.TopK t ? t.k()
        : selection instanceof Selection.GroupLimited g ? g.k()
        : selection instanceof Selection.EntropyBroadcast b ? b.k() : expertCount;
  }

  @Override
  public boolean passDropped() {
    return capacity != null && capacity.passDropped();
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    score.parameters().forEach((k, v) -> p.put("gate." + k, v));
    if (bias != null) {
      p.put("bias", bias);
    }
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("num_experts", Value.of(expertCount));
    s.put("k", Value.of(k()));
    s.put("activation", Value.of(activation.label()));
    s.put("temperature", Value.of(temperature));
    s.put("selection", Value.of(selection.describe()));
    s.put("normalization", Value.of(normalization.describe()));
    s.put("renorm", Value.of(normalization.kind() == Normalization.Kind.RENORM));
    s.put("trainable", Value.of(!(score instanceof FrozenScore)));
    if (capacity != null) {
      s.put("capacity", Value.of(capacity.describe()));
    }
    return s;
  }

  @Override
  public String typeName() {
    StringBuilder b = new StringBuilder("router ").append(name).append("[E=").append(experts())
        .append(", ").append(selection.describe());
    if (normalization.kind() == Normalization.Kind.RENORM) {
      b.append(", renorm");
    }
    if (normalization.scale() != 1.0) {
      b.append(", scale=").append(org.moelab.runtime.Formatting.number(normalization.scale()));
    }
    if (capacity != null) {
      b.append(", ").append(capacity.describe());
    }
    return b.append("]").toString();
  }

  @Override
  public String toString() {
    return typeName();
  }
}
