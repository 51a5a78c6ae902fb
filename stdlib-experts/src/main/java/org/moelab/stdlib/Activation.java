package org.moelab.stdlib;

import java.util.Locale;
import java.util.Optional;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;

/** The activation primitive of a router: how logits become probabilities. */
public enum Activation {
  /** {@code softmax(ℓ / temperature)} over the experts (Mixtral, Switch, DeepSeek v1). */
  SOFTMAX,
  /** {@code sigmoid(ℓ / temperature)} per expert (DeepSeek v3). */
  SIGMOID,
  /** The logits themselves. */
  NONE;

  /** Applies the activation to logits {@code [T, N]}. */
  public TensorValue apply(CallContext ctx, TensorValue logits, double temperature) {
    var ops = ctx.ops();
    TensorValue scaled = temperature == 1.0 ? logits : ops.binaryScalar(Op.DIV, logits, temperature, true, false);
    return switch (this) {
      case SOFTMAX -> ops.softmax(scaled, -1);
      case SIGMOID -> ops.unary(Op.SIGMOID, scaled);
      case NONE -> scaled;
    };
  }

  /** The activation called {@code name} (softmax, sigmoid, none). */
  public static Optional<Activation> named(String name) {
    for (Activation a : values()) {
      if (a.name().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The name as written in {@code .moe}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
