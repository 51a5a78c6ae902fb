package org.moelab.stdlib;

import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * Scores of tokens against one vector per expert, as the MoErging routers define them:
 * <ul>
 *   <li>PHATGOOSE [mttl]: {@code LN(x) · LN(v_e) / √d} (layer norm without affine, eps 1e-5);
 *   <li>GLIDER [UNITES-Lab/glider]: {@code LN(x) · v_e · √(1/d) + α g_e} with a global task score g;
 *   <li>Arrow: {@code |x · v_e| / T} with v_e the top right-singular vector of the expert's ΔW.
 * </ul>
 *
 * @param kind which formula
 * @param vectors one vector per expert {@code [E, d]}
 * @param global the global score α·g {@code [E]}, or null
 * @param temperature Arrow's T
 */
public record PrototypeScore(Kind kind, TensorValue vectors, TensorValue global, double temperature) implements Score {

  /** The formula. */
  public enum Kind {
    PHATGOOSE,
    GLIDER,
    ARROW
  }

  @Override
  public TensorValue logits(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue xs = ops.cast(x, DType.F32);
    TensorValue v = ops.cast(vectors, DType.F32);
    long d = Shapes.size(v.shape().dim(1));
    double invSqrtD = d > 0 ? 1.0 / Math.sqrt(d) : 1.0;
    return switch (kind) {
      case PHATGOOSE -> ops.binaryScalar(Op.MUL, ops.matmul(layerNorm(ctx, xs), ops.transpose(layerNorm(ctx, v))),
          invSqrtD, true, false);
      case GLIDER -> {
        TensorValue local = ops.binaryScalar(Op.MUL, ops.matmul(layerNorm(ctx, xs), ops.transpose(v)), invSqrtD, true, false);
        yield global == null ? local : ops.binary(Op.ADD, local, global);
      }
      case ARROW -> ops.binaryScalar(Op.DIV, ops.unary(Op.ABS, ops.matmul(xs, ops.transpose(v))), temperature, true, false);
    };
  }

  /** Layer norm over the last axis without affine parameters: {@code (x − μ) / √(σ² + 1e-5)}. */
  static TensorValue layerNorm(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue centered = ops.binary(Op.SUB, x, ops.reduce(Op.MEAN, x, new int[] {-1}, true));
    TensorValue var = ops.reduce(Op.MEAN, ops.binary(Op.MUL, centered, centered), new int[] {-1}, true);
    return ops.binary(Op.DIV, centered, ops.unary(Op.SQRT, ops.binaryScalar(Op.ADD, var, 1e-5, true, false)));
  }

  @Override
  public Dim columns() {
    return vectors.shape().dim(0);
  }

  @Override
  public Dim width() {
    return vectors.shape().dim(1);
  }

  @Override
  public Map<String, TensorValue> parameters() {
    return Map.of("vectors", vectors);
  }
}
