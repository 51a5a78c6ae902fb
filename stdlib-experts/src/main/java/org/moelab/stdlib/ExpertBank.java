package org.moelab.stdlib;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * E experts of one kind and equal shape with their weights stacked once, transposed for grouped
 * GEMMs. SwiGLU experts keep their gate and up projections side by side in one {@code [E, d, 2f]}
 * bank ({@code w1t} is {@code [:, :, :f]}, {@code w3t} is {@code [:, :, f:]}), so one grouped GEMM
 * computes both; a two-layer MLP has {@code w1t [E, d, f]} alone. {@code w2t} is {@code [E, f, d]}.
 *
 * @param w13t stacked gate (or input) projections, followed along the last axis by the up
 *     projections for SwiGLU
 * @param glu true for SwiGLU (the bank holds gate and up projections), false for an MLP
 * @param w2t stacked down (or output) projections
 * @param activation SILU for SwiGLU, else the MLP's activation
 */
record ExpertBank(TensorValue w13t, boolean glu, TensorValue w2t, Op activation) implements GroupedExperts {

  /**
   * The grouped-GEMM form of {@code experts}: one bank when they are equal, banks per size when they
   * are SwiGLU (or MLP) experts of several sizes, else null (the dense path).
   */
  static GroupedExperts forExperts(CallContext ctx, List<Callable> experts) {
    ExpertBank one = of(ctx, experts);
    return one != null ? one : SizeGroupedBank.of(ctx, experts);
  }

  @Override
  public long[] positions() {
    return null;
  }

  /** Stacks the experts' weights, or returns null when they are not all of one stackable kind and shape. */
  static ExpertBank of(CallContext ctx, List<Callable> experts) {
    if (experts.stream().allMatch(c -> c instanceof SwigluExpert)) {
      List<SwigluExpert> s = experts.stream().map(c -> (SwigluExpert) c).toList();
      if (s.stream().anyMatch(e -> !e.w1().shape().equals(s.get(0).w1().shape()))) {
        return null;
      }
      return stacked(ctx, s.stream().map(SwigluExpert::w1).toList(), s.stream().map(SwigluExpert::w3).toList(),
          s.stream().map(SwigluExpert::w2).toList(), Op.SILU);
    }
    if (experts.stream().allMatch(c -> c instanceof MlpExpert)) {
      List<MlpExpert> m = experts.stream().map(c -> (MlpExpert) c).toList();
      if (m.stream().anyMatch(e -> !e.wIn().shape().equals(m.get(0).wIn().shape()) || e.activation() != m.get(0).activation())) {
        return null;
      }
      return stacked(ctx, m.stream().map(MlpExpert::wIn).toList(), null, m.stream().map(MlpExpert::wOut).toList(),
          m.get(0).activation());
    }
    return null;
  }

  private static ExpertBank stacked(CallContext ctx, List<TensorValue> w1, List<TensorValue> w3, List<TensorValue> w2,
      Op activation) {
    TensorOps ops = ctx.ops();
    TensorValue s1 = ops.stack(w1.stream().map(ops::transpose).toList(), 0);
    TensorValue s13 = w3 == null ? s1 : ops.concat(List.of(s1, ops.stack(w3.stream().map(ops::transpose).toList(), 0)), 2);
    TensorValue s2 = ops.stack(w2.stream().map(ops::transpose).toList(), 0);
    ctx.materialize(s13);
    ctx.materialize(s2);
    return new ExpertBank(s13, w3 != null, s2, activation);
  }

  /** The experts' outputs for slots sorted by expert. */
  @Override
  public TensorValue apply(CallContext ctx, TensorValue xs, TensorValue offsets) {
    TensorOps ops = ctx.ops();
    TensorValue projected = ops.segmentMatmul(xs, w13t, offsets);
    if (!glu) {
      return ops.segmentMatmul(ops.unary(activation, projected), w2t, offsets);
    }
    if (!(w2t.shape().hasRank() && w2t.shape().dim(1) instanceof Dim.Fixed f) || !projected.shape().isConcrete()) {
      return TensorOps.abstractTensor(SymShape.of(List.of(xs.shape().dim(0), w2t.shape().dim(-1))), projected.dtype());
    }
    TensorValue gate = Shapes.lastAxis(ctx, projected, 0, f.size());
    TensorValue up = Shapes.lastAxis(ctx, projected, f.size(), 2 * f.size());
    return ops.segmentMatmul(ops.binary(Op.MUL, ops.unary(activation, gate), up), w2t, offsets);
  }
}
