package org.moelab.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A scope of name bindings with an optional parent: the global scope, a function call, a comprehension. */
public final class Env {
  private final Env parent;
  private final Map<String, Value> bindings = new LinkedHashMap<>();

  private Env(Env parent) {
    this.parent = parent;
  }

  /** A new top-level scope. */
  public static Env root() {
    return new Env(null);
  }

  /** A child scope of this one. */
  public Env child() {
    return new Env(this);
  }

  /** Binds (or rebinds) {@code name} in this scope. */
  public void define(String name, Value value) {
    bindings.remove(name);
    bindings.put(name, value);
  }

  /** Looks {@code name} up here, then in enclosing scopes. */
  public Optional<Value> lookup(String name) {
    for (Env e = this; e != null; e = e.parent) {
      Value v = e.bindings.get(name);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** Every name visible from this scope, innermost first, without duplicates. */
  public List<String> visibleNames() {
    List<String> names = new ArrayList<>();
    for (Env e = this; e != null; e = e.parent) {
      for (String n : e.bindings.keySet()) {
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    }
    return names;
  }

  /** This scope's own bindings, in binding order. */
  public Map<String, Value> own() {
    return java.util.Collections.unmodifiableMap(bindings);
  }

  /** A copy of this scope's bindings (same parent): used to roll back a failed cell. */
  public Env snapshot() {
    Env copy = new Env(parent);
    copy.bindings.putAll(bindings);
    return copy;
  }

  /** Replaces this scope's bindings by those of {@code other}. */
  public void restore(Env other) {
    bindings.clear();
    bindings.putAll(other.bindings);
  }
}
