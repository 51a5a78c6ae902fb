package org.moelab.runtime;

import java.util.List;
import org.moelab.source.Source;

/**
 * Contributes built-ins and {@code .moe} prelude sources to every session; found with {@link
 * java.util.ServiceLoader} (the core library and {@code stdlib-experts} each provide one).
 */
public interface BuiltinProvider {
  /** Java built-ins, by name. */
  List<Builtin> builtins();

  /** Prelude sources evaluated (in order) into the global scope after all built-ins are bound. */
  default List<Source> prelude() {
    return List.of();
  }
}
