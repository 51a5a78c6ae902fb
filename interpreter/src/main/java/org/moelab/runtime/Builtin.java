package org.moelab.runtime;

/**
 * A function implemented in Java: a primitive tensor op or a stdlib constructor. One concept per
 * class: its {@link Signature} (checked at every call), and what it computes.
 *
 * <p>{@link #invoke} runs in both modes: while checking, tensors are abstract and it must not read
 * data or cause effects (printing, writing files); use {@link CallContext#isChecking()}.
 */
public interface Builtin {
  /** Name, parameters and documentation. */
  Signature signature();

  /** Computes the result from arguments already bound and kind-checked against the signature. */
  Value invoke(CallContext ctx, BoundArgs args);
}
