package org.moelab.runtime;

/**
 * A value that can be called: user functions, built-ins, and stdlib components (experts, routers,
 * layers), which all compose with {@code >>} and {@code |>}.
 */
public non-sealed interface Callable extends Value {
  /** Calls this value; errors are thrown as {@link EvalError}s at spans taken from {@code args}. */
  Value call(CallContext ctx, Args args);

  /** A one-line signature for completion and help, such as {@code softmax(x, axis = -1)}. */
  default String signature() {
    return typeName();
  }
}
