package org.moelab.source;

import java.util.Objects;

/**
 * A named unit of source text: a file, a notebook cell or a string given to the session.
 *
 * @param name how diagnostics name this source (a path, or {@code <cell 3>})
 * @param text the full text
 */
public record Source(String name, String text) {
  public Source {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
  }

  /** Returns the text of the 1-based line {@code line}, without its line terminator. */
  public String line(int line) {
    int start = 0;
    for (int current = 1; current < line; current++) {
      int next = text.indexOf('\n', start);
      if (next < 0) {
        return "";
      }
      start = next + 1;
    }
    int end = text.indexOf('\n', start);
    String raw = end < 0 ? text.substring(start) : text.substring(start, end);
    return raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
  }

  /** Returns the span covering the characters {@code [start, end)} of this source. */
  public SourceSpan span(int start, int end) {
    int[] from = position(start);
    int[] to = position(Math.max(start, end));
    return new SourceSpan(name, start, Math.max(start, end), from[0], from[1], to[0], to[1]);
  }

  private int[] position(int offset) {
    int line = 1;
    int column = 1;
    int limit = Math.min(offset, text.length());
    for (int i = 0; i < limit; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }
}
