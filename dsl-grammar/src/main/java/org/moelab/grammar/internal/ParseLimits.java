package org.moelab.grammar.internal;

/**
 * Limits that keep hostile or generated input from exhausting memory or the Java stack; going
 * past one is reported as {@code E0004} instead of crashing.
 */
public final class ParseLimits {
  /** Longest accepted source text, in UTF-16 characters (4 MiB). */
  public static final int MAX_SOURCE_CHARS = 4 * 1024 * 1024;

  /** Deepest accepted nesting of open {@code ( [ {} brackets. */
  public static final int MAX_BRACKET_DEPTH = 200;

  /**
   * Deepest accepted nesting of expressions: every operator, bracket, conditional and lambda
   * around an operand counts one level, so this also bounds chains such as {@code - - - x} and
   * {@code a + b + ... + z}.
   */
  public static final int MAX_EXPRESSION_DEPTH = 1000;

  /** Deepest nesting of parser rules; a safety net behind the two limits above. */
  public static final int MAX_RULE_DEPTH = 1500;

  /** Syntax diagnostics reported for one source at most; later ones are dropped. */
  public static final int MAX_DIAGNOSTICS = 100;

  private ParseLimits() {}
}
