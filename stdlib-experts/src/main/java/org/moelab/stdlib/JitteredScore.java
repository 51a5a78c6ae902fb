package org.moelab.stdlib;

import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * Router jitter [HF Switch/Mixtral {@code router_jitter_noise}]: in training mode the router sees
 * {@code x ⊙ U(1 − ε, 1 + ε)} (multiplicative noise, one draw per element); the experts still see x
 * (Switch's rule). The noise is seeded: the same seed and shape give the same noise, on every
 * backend. Outside training mode the score is the inner score unchanged.
 *
 * @param inner the score the noisy tokens go through
 * @param epsilon ε
 * @param training true to apply the noise
 * @param seed the noise seed
 */
public record JitteredScore(Score inner, double epsilon, boolean training, long seed) implements Score {

  @Override
  public TensorValue logits(CallContext ctx, TensorValue x) {
    if (!training || epsilon == 0) {
      return inner.logits(ctx, x);
    }
    TensorOps ops = ctx.ops();
    TensorValue noise = ops.randomUniform(x.shape(), seed, 1 - epsilon, 1 + epsilon, DType.F32);
    return inner.logits(ctx, ops.binary(Op.MUL, ops.cast(x, DType.F32), noise));
  }

  @Override
  public Dim columns() {
    return inner.columns();
  }

  @Override
  public Dim width() {
    return inner.width();
  }

  @Override
  public Map<String, TensorValue> parameters() {
    return inner.parameters();
  }
}
