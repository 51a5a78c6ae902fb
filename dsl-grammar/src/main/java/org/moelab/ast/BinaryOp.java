package org.moelab.ast;

/**
 * Infix operators, from loosest to tightest binding: {@code >>}, {@code |>} (see {@link
 * Expr.Pipe}), {@code or}, {@code and}, comparisons, {@code + -}, {@code * / % @}, unary, {@code
 * **} (right associative), then postfix calls, indexing and attributes.
 */
public enum BinaryOp {
  /** {@code f >> g}: composition, the function {@code x -> g(f(x))}. */
  COMPOSE(">>"),
  OR("or"),
  AND("and"),
  EQ("=="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/"),
  MOD("%"),
  /** Matrix multiplication with batch broadcasting, as in numpy. */
  MATMUL("@"),
  POW("**");

  private final String symbol;

  BinaryOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in source. */
  public String symbol() {
    return symbol;
  }
}
