package org.moelab.grammar.internal;

import java.util.Arrays;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.moelab.source.Source;
import org.moelab.source.SourceSpan;

/**
 * Makes {@link SourceSpan}s for tokens and contexts in constant time per span.
 *
 * <p>It gives the same spans as {@link Source#span(int, int)}, which scans the text from the
 * start on every call and would make parsing a large file quadratic. ANTLR counts offsets in code
 * points; spans count UTF-16 characters, so offsets are translated when the text has characters
 * outside the Basic Multilingual Plane.
 */
final class SpanFactory {
  private final Source source;
  private final int[] lineStarts;
  private final int[] charOfCodePoint;

  SpanFactory(Source source) {
    this.source = source;
    this.lineStarts = lineStarts(source.text());
    this.charOfCodePoint = codePointOffsets(source.text());
  }

  /** The span of UTF-16 characters {@code [start, end)}. */
  SourceSpan chars(int start, int end) {
    int from = clamp(start);
    int to = Math.max(from, clamp(end));
    int fromLine = lineOf(from);
    int toLine = lineOf(to);
    return new SourceSpan(
        source.name(),
        from,
        to,
        fromLine + 1,
        from - lineStarts[fromLine] + 1,
        toLine + 1,
        to - lineStarts[toLine] + 1);
  }

  /** The span of one token; the end-of-input token gets an empty span at the end of the text. */
  SourceSpan token(Token token) {
    return between(token, token);
  }

  /** The span from the start of {@code first} to the end of {@code last}. */
  SourceSpan between(Token first, Token last) {
    int start = charOffset(first.getStartIndex());
    int end = charOffset(last.getStopIndex() + 1);
    return chars(start, Math.max(start, end));
  }

  /** The span of everything a context matched. */
  SourceSpan of(ParserRuleContext ctx) {
    Token stop = ctx.getStop();
    if (stop == null || stop.getTokenIndex() < ctx.getStart().getTokenIndex()) {
      return token(ctx.getStart());
    }
    return between(ctx.getStart(), stop);
  }

  /** The UTF-16 offset of the code point at {@code codePointIndex}. */
  int charOffset(int codePointIndex) {
    if (codePointIndex < 0) {
      return 0;
    }
    if (charOfCodePoint == null) {
      return clamp(codePointIndex);
    }
    return codePointIndex < charOfCodePoint.length
        ? charOfCodePoint[codePointIndex]
        : source.text().length();
  }

  private int clamp(int offset) {
    return Math.max(0, Math.min(offset, source.text().length()));
  }

  private int lineOf(int offset) {
    int found = Arrays.binarySearch(lineStarts, offset);
    return found >= 0 ? found : -found - 2;
  }

  private static int[] lineStarts(String text) {
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    int[] starts = new int[count];
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts[line++] = i + 1;
      }
    }
    return starts;
  }

  private static int[] codePointOffsets(String text) {
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == text.length()) {
      return null;
    }
    int[] offsets = new int[codePoints];
    int charIndex = 0;
    for (int i = 0; i < codePoints; i++) {
      offsets[i] = charIndex;
      charIndex += Character.charCount(text.codePointAt(charIndex));
    }
    return offsets;
  }
}
