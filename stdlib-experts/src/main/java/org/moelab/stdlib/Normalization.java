package org.moelab.stdlib;

import java.util.Locale;
import java.util.Optional;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;

/**
 * The normalisation primitive of a router: how the selected probabilities become combine weights,
 * then a scale (DeepSeek v3's {@code routed_scaling_factor}).
 *
 * @param kind how the selected weights are normalised
 * @param eps added to the sum before dividing ({@link Kind#RENORM}; DeepSeek v3 uses 1e-20)
 * @param scale multiplies the weights last
 */
public record Normalization(Kind kind, double eps, double scale) {

  /** How selected weights are normalised. */
  public enum Kind {
    /** Raw probabilities (Switch, DeepSeek v1, top-p). */
    NONE,
    /** {@code w / (Σ w + eps)} over the used slots (Mixtral with renorm). */
    RENORM,
    /** Softmax of the selected logits (PHATGOOSE, Arrow). */
    SOFTMAX,
    /** {@code 1 / K} over the K used slots (DynMoE top-any). */
    UNIFORM;

    /** The kind called {@code name}. */
    public static Optional<Kind> named(String name) {
      for (Kind k : values()) {
        if (k.name().toLowerCase(Locale.ROOT).equals(name)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** No normalisation, scale 1. */
  public static final Normalization NONE = new Normalization(Kind.NONE, 0, 1);

  /** Renormalise to sum one, no epsilon, scale 1 (Mixtral). */
  public static final Normalization RENORM = new Normalization(Kind.RENORM, 0, 1);

  /**
   * Normalises {@code weights} (selected probabilities) of the used slots; {@code selectedLogits}
   * are the logits of the same slots (for {@link Kind#SOFTMAX}).
   */
  public TensorValue apply(CallContext ctx, TensorValue weights, TensorValue selectedLogits, TensorValue active) {
    TensorOps ops = ctx.ops();
    TensorValue w = active == null ? weights : ops.binary(Op.MUL, weights, active);
    TensorValue out = switch (kind) {
      case NONE -> w;
      case RENORM -> ops.binary(Op.DIV, w, plusEps(ctx, ops.reduce(Op.SUM, w, new int[] {-1}, true)));
      case SOFTMAX -> softmaxOfSelected(ctx, selectedLogits, active);
      case UNIFORM -> uniform(ctx, weights, active);
    };
    return scale == 1.0 ? out : ops.binaryScalar(Op.MUL, out, scale, true, false);
  }

  private TensorValue plusEps(CallContext ctx, TensorValue sum) {
    return eps == 0 ? sum : ctx.ops().binaryScalar(Op.ADD, sum, eps, true, false);
  }

  private static TensorValue softmaxOfSelected(CallContext ctx, TensorValue logits, TensorValue active) {
    TensorOps ops = ctx.ops();
    if (active == null) {
      return ops.softmax(logits, -1);
    }
    TensorValue masked = ops.where(ops.binaryScalar(Op.GT, active, 0, false, false), logits,
        ops.scalar(-1e30, logits.dtype()));
    return ops.binary(Op.MUL, ops.softmax(masked, -1), active);
  }

  private static TensorValue uniform(CallContext ctx, TensorValue weights, TensorValue active) {
    TensorOps ops = ctx.ops();
    TensorValue a = active != null ? active : ops.full(weights.shape(), 1.0, weights.dtype());
    TensorValue count = ops.binary(Op.MAXIMUM, ops.reduce(Op.SUM, a, new int[] {-1}, true), ops.scalar(1.0, a.dtype()));
    return ops.binary(Op.DIV, a, count);
  }

  /** For display: {@code renorm}, {@code none}, ... with the scale when not 1. */
  public String describe() {
    String base = kind.name().toLowerCase(Locale.ROOT);
    return scale == 1.0 ? base : base + " ×" + scale;
  }
}
