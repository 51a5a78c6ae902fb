package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.moelab.ir.Op;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.Displayable;
import org.moelab.runtime.HasAttributes;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.session.Display;

/**
 * What a router did with a batch: per-expert load, routing entropy, dropped-token fraction,
 * capacity utilisation and the dense weights. Shows as a table in the terminal and as an SVG
 * heatmap with a load bar chart in a notebook; its fields read as attributes.
 *
 * @param weights dense combine weights {@code [T, E]}
 * @param load tokens per expert {@code [E]}
 * @param entropy mean routing entropy {@code −Σ p log p} (scalar)
 * @param droppedFraction fraction of selected slots dropped for capacity (scalar)
 * @param utilisation used slots over total capacity, or null without capacity
 */
public record RoutingReport(TensorValue weights, TensorValue load, TensorValue entropy, TensorValue droppedFraction,
    TensorValue utilisation) implements Callable, HasAttributes, Displayable {

  /** The report of {@code routing} for {@code tokens} tokens; {@code capacitySlots} is E·C·groups, or 0. */
  static RoutingReport of(CallContext ctx, Routing routing, TensorValue tokens, long capacitySlots) {
    TensorOps ops = ctx.ops();
    TensorValue dense = routing.dense(ctx, tokens.shape().dim(0));
    TensorValue used = ops.cast(ops.binaryScalar(Op.GT, dense, 0, true, false), dense.dtype());
    TensorValue load = ops.reduce(Op.SUM, used, new int[] {0}, false);
    TensorValue p = routing.probs();
    TensorValue plogp = ops.binary(Op.MUL, p, ops.unary(Op.LOG, ops.binaryScalar(Op.MAXIMUM, p, 1e-12, true, false)));
    TensorValue entropy = ops.reduce(Op.MEAN, ops.unary(Op.NEG, ops.reduce(Op.SUM, plogp, new int[] {-1}, false)), new int[0],
        false);
    TensorValue dropped = ops.scalar(0, dense.dtype());
    if (routing.dropped() != null) {
      TensorValue d = ops.reduce(Op.SUM, routing.dropped(), new int[0], false);
      TensorValue selected = ops.binary(Op.ADD, d, ops.reduce(Op.SUM, routing.activeOrOnes(ctx), new int[0], false));
      dropped = ops.binary(Op.DIV, d, selected);
    }
    TensorValue util = capacitySlots <= 0 ? null
        : ops.binaryScalar(Op.DIV, ops.reduce(Op.SUM, load, new int[0], false), capacitySlots, true, false);
    return new RoutingReport(dense, load, entropy, dropped, util);
  }

  @Override
  public Value call(CallContext ctx, Args args) {
    throw ctx.error("E0107", "A routing report is not callable; read its fields (load, entropy, ...).", args.callSpan());
  }

  @Override
  public Optional<Value> attribute(String name) {
    return Optional.ofNullable(fields().get(name));
  }

  @Override
  public List<String> attributeNames() {
    return List.copyOf(fields().keySet());
  }

  private Map<String, Value> fields() {
    Map<String, Value> f = new LinkedHashMap<>();
    f.put("weights", weights);
    f.put("load", load);
    f.put("entropy", entropy);
    f.put("dropped_fraction", droppedFraction);
    if (utilisation != null) {
      f.put("capacity_utilisation", utilisation);
    }
    return f;
  }

  @Override
  public Display display(CallContext ctx) {
    double[] loads = ctx.host(load).toDoubleArray();
    long[] shape = ctx.host(weights).shape().dims();
    double[] w = ctx.host(weights).toDoubleArray();
    double h = ctx.host(entropy).toDoubleArray()[0];
    double drop = ctx.host(droppedFraction).toDoubleArray()[0];
    Double util = utilisation == null ? null : ctx.host(utilisation).toDoubleArray()[0];
    Map<String, String> data = new LinkedHashMap<>();
    data.put("text/plain", RoutingPictures.table(loads, h, drop, util));
    data.put("image/svg+xml", RoutingPictures.svg(w, (int) shape[0], (int) shape[1], loads));
    return new Display(data, Optional.empty());
  }

  @Override
  public String typeName() {
    return "routing report";
  }

  @Override
  public String toString() {
    return typeName() + "[E=" + load.shape().dim(0) + "]";
  }
}
