package org.moelab.types;

/**
 * One dimension of a {@link SymShape}: a fixed size, a named symbol ({@code B}, {@code S}, or a
 * product such as {@code B*S}), or unknown (matches anything; used when the checker cannot know).
 */
public sealed interface Dim permits Dim.Fixed, Dim.Sym, Dim.Any {

  /** A known size. */
  record Fixed(long size) implements Dim {
    @Override
    public String toString() {
      return Long.toString(size);
    }
  }

  /** A symbolic size, equal only to itself. */
  record Sym(String name) implements Dim {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An unknown size that matches any other. */
  record Any() implements Dim {
    @Override
    public String toString() {
      return "?";
    }
  }

  /** A fixed dimension. */
  static Dim of(long size) {
    return new Fixed(size);
  }

  /** A symbolic dimension. */
  static Dim sym(String name) {
    return new Sym(name);
  }

  /** The unknown dimension. */
  static Dim any() {
    return new Any();
  }

  /** True for a fixed size equal to {@code n}. */
  default boolean is(long n) {
    return this instanceof Fixed f && f.size() == n;
  }

  /**
   * The product of two dimensions: fixed sizes multiply, 1 is the identity, symbols form a product
   * symbol, and unknown absorbs.
   */
  static Dim times(Dim a, Dim b) {
    if (a.is(1)) {
      return b;
    }
    if (b.is(1)) {
      return a;
    }
    if (a instanceof Fixed x && b instanceof Fixed y) {
      return new Fixed(Math.multiplyExact(x.size(), y.size()));
    }
    if (a instanceof Any || b instanceof Any) {
      return new Any();
    }
    return new Sym(a + "*" + b);
  }

  /**
   * Unifies two dimensions that must be equal: returns the more precise one, or null if they
   * provably differ.
   */
  static Dim unify(Dim a, Dim b) {
    if (a instanceof Any) {
      return b;
    }
    if (b instanceof Any) {
      return a;
    }
    return a.equals(b) ? a : null;
  }
}
