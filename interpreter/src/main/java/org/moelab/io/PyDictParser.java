package org.moelab.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python dict literal of an npy header, such as {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>Only what numpy writes is accepted: string keys; values that are strings, {@code True},
 * {@code False}, integers, or flat tuples/lists of integers. Values are returned as {@link
 * String}, {@link Boolean}, {@link Long} or {@code List<Long>}. Errors are {@link
 * IllegalArgumentException}s whose message says what was expected where.
 */
final class PyDictParser {
  private final String text;
  private int pos;

  private PyDictParser(String text) {
    this.text = text;
  }

  /** The entries of the dict literal {@code text}, in order. */
  static Map<String, Object> parse(String text) {
    PyDictParser p = new PyDictParser(text);
    Map<String, Object> dict = p.dict();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("end of header");
    }
    return dict;
  }

  private Map<String, Object> dict() {
    expect('{');
    Map<String, Object> dict = new LinkedHashMap<>();
    while (!peekIs('}')) {
      String key = string();
      expect(':');
      if (dict.put(key, value()) != null) {
        throw new IllegalArgumentException("key '" + key + "' appears twice");
      }
      if (!peekIs('}')) {
        expect(',');
      }
    }
    expect('}');
    return dict;
  }

  private Object value() {
    skipSpace();
    if (peekIs('\'') || peekIs('"')) {
      return string();
    }
    if (peekIs('(') || peekIs('[')) {
      return intSequence();
    }
    if (text.startsWith("True", pos)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (text.startsWith("False", pos)) {
      pos += 5;
      return Boolean.FALSE;
    }
    return integer();
  }

  private List<Long> intSequence() {
    char close = text.charAt(pos) == '(' ? ')' : ']';
    pos++;
    List<Long> values = new ArrayList<>();
    while (!peekIs(close)) {
      values.add(integer());
      if (!peekIs(close)) {
        expect(',');
      }
    }
    expect(close);
    return values;
  }

  private long integer() {
    skipSpace();
    int start = pos;
    if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    String digits = text.substring(start, pos);
    if (pos < text.length() && text.charAt(pos) == 'L') {
      pos++;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("an integer, a string, True, False or a tuple of integers");
    }
  }

  private String string() {
    skipSpace();
    if (!peekIs('\'') && !peekIs('"')) {
      throw error("a quoted string");
    }
    char quote = text.charAt(pos++);
    int end = text.indexOf(quote, pos);
    if (end < 0 || text.substring(pos, end).indexOf('\\') >= 0) {
      throw error("a simple quoted string without escapes");
    }
    String s = text.substring(pos, end);
    pos = end + 1;
    return s;
  }

  private boolean peekIs(char c) {
    skipSpace();
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peekIs(c)) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String expected) {
    String found = pos >= text.length() ? "the end" : "'" + text.substring(pos, Math.min(text.length(), pos + 12)) + "'";
    return new IllegalArgumentException("expected " + expected + " at character " + pos + " but found " + found);
  }
}
