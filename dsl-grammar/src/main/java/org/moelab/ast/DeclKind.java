package org.moelab.ast;

/** The component kinds that have their own declaration keyword. */
public enum DeclKind {
  /** {@code expert NAME = ...}: one expert. */
  EXPERT("expert"),
  /** {@code experts NAME[N] = ...}: a list of N independently initialised experts. */
  EXPERTS("experts"),
  /** {@code router NAME = ...}. */
  ROUTER("router"),
  /** {@code layer NAME = ...}. */
  LAYER("layer"),
  /** {@code model NAME = ...}. */
  MODEL("model"),
  /** {@code merge NAME = ...}. */
  MERGE("merge");

  private final String keyword;

  DeclKind(String keyword) {
    this.keyword = keyword;
  }

  /** The keyword as written in source. */
  public String keyword() {
    return keyword;
  }
}
