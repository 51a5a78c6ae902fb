package org.moelab.runtime;

import java.util.Optional;

/**
 * One parameter of a built-in's {@link Signature}.
 *
 * @param name the keyword users pass it by
 * @param kind what values it accepts
 * @param defaultValue the default, or empty when the parameter is required
 * @param doc one sentence for help and completion
 */
public record Param(String name, ParamKind kind, Optional<Value> defaultValue, String doc) {

  /** A required parameter. */
  public static Param required(String name, ParamKind kind, String doc) {
    return new Param(name, kind, Optional.empty(), doc);
  }

  /** An optional parameter with a default. */
  public static Param optional(String name, ParamKind kind, Value defaultValue, String doc) {
    return new Param(name, kind, Optional.of(defaultValue), doc);
  }

  /** How it prints in a signature: {@code k: int = 2}. */
  public String render() {
    String base = name + ": " + kind.label();
    return defaultValue.map(v -> base + " = " + Formatting.repr(v)).orElse(base);
  }
}
