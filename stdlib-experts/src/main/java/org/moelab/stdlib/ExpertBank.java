package org.moelab.stdlib;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;

/**
 * E experts of one kind and equal shape with their weights stacked once, transposed for grouped
 * GEMMs: SwiGLU {@code w1t, w3t [E, d, f]}, {@code w2t [E, f, d]}; or a two-layer MLP
 * {@code w1t [E, d, f]}, {@code w2t [E, f, d]} with {@code w3t} null.
 *
 * @param w1t stacked gate (or input) projections
 * @param w3t stacked up projections, or null for an MLP
 * @param w2t stacked down (or output) projections
 * @param activation SILU for SwiGLU, else the MLP's activation
 */
record ExpertBank(TensorValue w1t, TensorValue w3t, TensorValue w2t, Op activation) implements GroupedExperts {

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
    TensorValue s3 = w3 == null ? null : ops.stack(w3.stream().map(ops::transpose).toList(), 0);
    TensorValue s2 = ops.stack(w2.stream().map(ops::transpose).toList(), 0);
    ctx.materialize(s1);
    if (s3 != null) {
      ctx.materialize(s3);
    }
    ctx.materialize(s2);
    return new ExpertBank(s1, s3, s2, activation);
  }

  /** The experts' outputs for slots sorted by expert. */
  @Override
  public TensorValue apply(CallContext ctx, TensorValue xs, TensorValue offsets) {
    TensorOps ops = ctx.ops();
    TensorValue hidden = ops.unary(activation, ops.segmentMatmul(xs, w1t, offsets));
    if (w3t != null) {
      hidden = ops.binary(Op.MUL, hidden, ops.segmentMatmul(xs, w3t, offsets));
    }
    return ops.segmentMatmul(hidden, w2t, offsets);
  }
}
