package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * DynMoE's score [DynMoE, after tutel's CosineTopKGate]: {@code cos(x, W_e) · e^τ} between each token
 * and one key per expert, in f32. Both sides are L2-normalised with PyTorch's
 * {@code F.normalize} guard ({@code max(‖v‖, 1e-12)}).
 *
 * @param keys expert keys {@code [E, d]}
 * @param tau the log temperature τ (DynMoE initialises it to ln 2, τ = log(1 / 0.5))
 */
public record CosineScore(TensorValue keys, double tau) implements Score {

  @Override
  public TensorValue logits(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue xs = l2normalize(ctx, ops.cast(x, DType.F32));
    TensorValue ks = l2normalize(ctx, ops.cast(keys, DType.F32));
    return ops.binaryScalar(Op.MUL, ops.matmul(xs, ops.transpose(ks)), Math.exp(tau), true, false);
  }

  /** {@code v / max(‖v‖, 1e-12)} along the last axis (PyTorch's {@code F.normalize}). */
  static TensorValue l2normalize(CallContext ctx, TensorValue v) {
    TensorOps ops = ctx.ops();
    TensorValue norm = ops.unary(Op.SQRT, ops.reduce(Op.SUM, ops.binary(Op.MUL, v, v), new int[] {-1}, true));
    return ops.binary(Op.DIV, v, ops.binaryScalar(Op.MAXIMUM, norm, 1e-12, true, false));
  }

  @Override
  public Dim columns() {
    return keys.shape().hasRank() ? keys.shape().dim(0) : Dim.any();
  }

  @Override
  public Dim width() {
    return keys.shape().hasRank() ? keys.shape().dim(1) : Dim.any();
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    p.put("keys", keys);
    return p;
  }
}
