package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * Soft MoE [Puigcerver et al. 2023; google-research/vmoe → soft_moe/router.py]. Per group of m tokens
 * (a sequence of {@code [B, S, d]}, or all of {@code [T, d]}): logits {@code [m, n, p] =
 * l2norm(X) · l2norm(μ) · scale} (normalised over d, {@code v · rsqrt(Σv² + 1e-6)} as vmoe does);
 * dispatch {@code D} = softmax over the m tokens, combine {@code C} = softmax over the n·p slots
 * jointly; slots {@code = Dᵀ X} (the raw tokens); expert i runs on its p slots;
 * {@code Y = C · f(slots)}. Every token reaches every slot: nothing is dropped.
 *
 * @param experts the n experts
 * @param mu slot parameters {@code [d, n, p]}
 * @param scale the logit scale (a learned scalar in vmoe, initialised to 1)
 */
public record SoftMoeLayer(List<Callable> experts, TensorValue mu, double scale) implements Component {

  @Override
  public Value call(CallContext ctx, Args args) {
    TensorValue x = Components.singleTensor(ctx, args, "soft moe layer");
    return apply(ctx, x);
  }

  /** The layer on {@code [T, d]} or {@code [B, S, d]}. */
  public TensorValue apply(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    long n = experts.size();
    long p = Shapes.size(mu.shape().dim(2));
    Dim d = mu.shape().dim(0);
    Dim g = Tokens.groups(x);
    TensorValue tokens = ops.reshape(ops.cast(x, DType.F32), List.of(g, Dim.of(-1), d));
    Dim m = tokens.shape().dim(1);
    TensorValue muFlat = ops.reshape(ops.cast(mu, DType.F32), List.of(d, Dim.of(n * p)));
    TensorValue xn = normalize(ctx, tokens, -1);
    TensorValue mun = normalize(ctx, muFlat, 0);
    TensorValue logits = ops.binaryScalar(Op.MUL, ops.matmul(xn, mun), scale, true, false);
    TensorValue dispatch = ops.softmax(logits, 1);
    TensorValue combine = ops.softmax(logits, 2);
    TensorValue slots = ops.matmul(ops.permute(dispatch, new int[] {0, 2, 1}), tokens);
    TensorValue outputs = expertOutputs(ctx, slots, g, p);
    TensorValue y = ops.matmul(combine, outputs);
    return ops.reshape(ops.cast(y, x.dtype()), x.shape().dims());
  }

  /** Slots {@code [G, n·p, d]} through their experts: expert i on slots {@code i·p .. (i+1)·p}. */
  private TensorValue expertOutputs(CallContext ctx, TensorValue slots, Dim g, long p) {
    TensorOps ops = ctx.ops();
    Dim d = slots.shape().dim(2);
    List<TensorValue> outs = new ArrayList<>();
    for (int i = 0; i < experts.size(); i++) {
      TensorValue mine = sliceSlots(ctx, slots, i * p, (i + 1) * p);
      TensorValue flat = ops.reshape(mine, List.of(Dim.of(-1), d));
      TensorValue out = ctx.toTensor(ctx.call(experts.get(i), Args.of(SourceSpan.NONE, flat)), SourceSpan.NONE);
      outs.add(ops.reshape(ops.cast(out, DType.F32), List.of(g, Dim.of(p), out.shape().dim(-1))));
    }
    return ops.concat(outs, 1);
  }

  private static TensorValue sliceSlots(CallContext ctx, TensorValue slots, long from, long to) {
    long[] stops = new long[] {Shapes.size(slots.shape().dim(0)), to, Shapes.size(slots.shape().dim(2))};
    if (!slots.shape().isConcrete()) {
      return TensorOps.abstractTensor(slots.shape().with(1, Dim.of(to - from)), slots.dtype());
    }
    return ctx.ops().slice(slots, new long[] {0, from, 0}, stops, new long[] {1, 1, 1});
  }

  /** vmoe's {@code x · rsqrt(Σ x² + 1e-6)} along {@code axis}. */
  private static TensorValue normalize(CallContext ctx, TensorValue v, int axis) {
    TensorOps ops = ctx.ops();
    TensorValue sq = ops.reduce(Op.SUM, ops.binary(Op.MUL, v, v), new int[] {axis}, true);
    return ops.binary(Op.DIV, v, ops.unary(Op.SQRT, ops.binaryScalar(Op.ADD, sq, 1e-6, true, false)));
  }

  @Override
  public String kind() {
    return "layer";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> out = new LinkedHashMap<>();
    out.put("mu", mu);
    for (int i = 0; i < experts.size(); i++) {
      int n = i;
      if (experts.get(i) instanceof Component c) {
        c.parameters().forEach((k, v) -> out.put("experts." + n + "." + k, v));
      }
    }
    return out;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("num_experts", Value.of((long) experts.size()));
    s.put("slots_per_expert", Value.of(Shapes.size(mu.shape().dim(2))));
    s.put("scale", Value.of(scale));
    s.put("experts", new Value.ListValue(List.copyOf(experts)));
    return s;
  }

  @Override
  public String typeName() {
    return "layer soft_moe[E=" + experts.size() + ", slots=" + mu.shape().dim(2) + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
