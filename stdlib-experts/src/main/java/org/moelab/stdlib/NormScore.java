package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * Autonomy-of-experts' score [Lv et al. 2025]: each expert scores a token by the L2 norm of its own
 * first activation, {@code ‖W_e x‖}, with {@code W_e [r, d]} the expert's (low-rank) down projection
 * (for a full SwiGLU expert, its gate projection w1). There is no router weight: the experts select
 * themselves.
 *
 * @param projections one {@code [r_e, d]} matrix per expert
 */
public record NormScore(List<TensorValue> projections) implements Score {

  @Override
  public TensorValue logits(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue xs = ops.cast(x, DType.F32);
    List<TensorValue> norms = new ArrayList<>();
    for (TensorValue w : projections) {
      TensorValue h = ops.matmul(xs, ops.transpose(ops.cast(w, DType.F32)));
      norms.add(ops.unary(Op.SQRT, ops.reduce(Op.SUM, ops.binary(Op.MUL, h, h), new int[] {-1}, false)));
    }
    return ops.stack(norms, 1);
  }

  @Override
  public Dim columns() {
    return Dim.of(projections.size());
  }

  @Override
  public Dim width() {
    TensorValue first = projections.get(0);
    return first.shape().hasRank() ? first.shape().dim(1) : Dim.any();
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    for (int i = 0; i < projections.size(); i++) {
      p.put("w_down." + i, projections.get(i));
    }
    return p;
  }
}
