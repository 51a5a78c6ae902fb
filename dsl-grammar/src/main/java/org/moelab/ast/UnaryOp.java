package org.moelab.ast;

/** Prefix operators. */
public enum UnaryOp {
  /** {@code -x}. */
  NEG("-"),
  /** {@code +x}. */
  PLUS("+"),
  /** {@code not x}. */
  NOT("not");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in source. */
  public String symbol() {
    return symbol;
  }
}
