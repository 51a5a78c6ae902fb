package org.moelab.source;

/**
 * A range of characters in a {@link Source}: offsets for slicing, lines and columns for people.
 *
 * <p>Offsets are 0-based and half open ({@code [start, end)}); lines and columns are 1-based, and
 * {@code endLine}/{@code endColumn} point just past the last character.
 *
 * @param sourceName the {@link Source#name()} this span belongs to
 * @param start first character offset
 * @param end offset just past the last character
 * @param line 1-based line of {@code start}
 * @param column 1-based column of {@code start}
 * @param endLine 1-based line of {@code end}
 * @param endColumn 1-based column of {@code end}
 */
public record SourceSpan(
    String sourceName, int start, int end, int line, int column, int endLine, int endColumn) {

  /** A span for values that come from no source text (built-ins, values made by Java code). */
  public static final SourceSpan NONE = new SourceSpan("<builtin>", 0, 0, 1, 1, 1, 1);

  /** Returns the smallest span that covers this span and {@code other}. */
  public SourceSpan to(SourceSpan other) {
    if (this == NONE) {
      return other;
    }
    if (other == NONE) {
      return this;
    }
    SourceSpan first = start <= other.start ? this : other;
    SourceSpan last = end >= other.end ? this : other;
    return new SourceSpan(
        sourceName, first.start, last.end, first.line, first.column, last.endLine, last.endColumn);
  }

  /** Number of characters covered. */
  public int length() {
    return end - start;
  }

  @Override
  public String toString() {
    return sourceName + ":" + line + ":" + column;
  }
}
