package org.moelab.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.moelab.source.Source;

/** Every built-in and prelude source on the class path, loaded once. */
public final class BuiltinRegistry {
  private static volatile BuiltinRegistry instance;
  private final Map<String, Builtin> builtins;
  private final List<Source> prelude;

  private BuiltinRegistry(Map<String, Builtin> builtins, List<Source> prelude) {
    this.builtins = builtins;
    this.prelude = prelude;
  }

  /** The registry of everything found by {@link ServiceLoader}. */
  public static BuiltinRegistry get() {
    if (instance == null) {
      synchronized (BuiltinRegistry.class) {
        if (instance == null) {
          instance = load();
        }
      }
    }
    return instance;
  }

  private static BuiltinRegistry load() {
    Map<String, Builtin> all = new LinkedHashMap<>();
    List<Source> prelude = new ArrayList<>();
    for (BuiltinProvider p : ServiceLoader.load(BuiltinProvider.class)) {
      for (Builtin b : p.builtins()) {
        Builtin previous = all.put(b.signature().name(), b);
        if (previous != null) {
          throw new IllegalStateException("built-in '" + b.signature().name() + "' is defined twice");
        }
      }
      prelude.addAll(p.prelude());
    }
    return new BuiltinRegistry(java.util.Collections.unmodifiableMap(all), List.copyOf(prelude));
  }

  /** Built-ins by name. */
  public Map<String, Builtin> builtins() {
    return builtins;
  }

  /** Prelude sources. */
  public List<Source> prelude() {
    return prelude;
  }

  /** A scope holding every built-in, the parent of a session's global scope. */
  public Env newBuiltinScope() {
    Env env = Env.root();
    builtins.forEach((name, b) -> env.define(name, new BuiltinValue(b)));
    return env;
  }
}
