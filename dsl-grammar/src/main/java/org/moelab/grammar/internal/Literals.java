package org.moelab.grammar.internal;

import org.antlr.v4.runtime.Token;

/**
 * Decodes literal tokens into values: integers and floats (with {@code _} separators) and strings
 * (with escapes). A literal that is out of range or holds a bad escape is reported ({@code E0005})
 * and decodes to a harmless value so that parsing can go on.
 */
final class Literals {
  private final SpanFactory spans;
  private final SyntaxDiagnostics diagnostics;

  Literals(SpanFactory spans, SyntaxDiagnostics diagnostics) {
    this.spans = spans;
    this.diagnostics = diagnostics;
  }

  /** The value of an {@code INT} token such as {@code 1_000}. */
  long integer(Token token) {
    String digits = token.getText().replace("_", "");
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLarge) {
      diagnostics.error(
          SyntaxDiagnostics.SYNTAX_RULE,
          "Integer literal "
              + token.getText()
              + " is too large; the largest is "
              + Long.MAX_VALUE
              + ".",
          spans.token(token),
          "Write it as a float, such as 1e20.");
      return 0;
    }
  }

  /** The value of a {@code FLOAT} token such as {@code 2.5E+2}. */
  double floating(Token token) {
    double value = Double.parseDouble(token.getText().replace("_", ""));
    if (Double.isInfinite(value)) {
      diagnostics.error(
          SyntaxDiagnostics.SYNTAX_RULE,
          "Float literal " + token.getText() + " is too large for a 64-bit float.",
          spans.token(token));
    }
    return value;
  }

  /**
   * The text of a {@code STRING} token without quotes, escapes decoded. Also decodes strings whose
   * closing quote is missing (the layout pass already reported those).
   */
  String string(Token token) {
    String text = token.getText();
    char quote = text.charAt(0);
    int base = spans.charOffset(token.getStartIndex());
    StringBuilder value = new StringBuilder(text.length());
    int i = 1;
    while (i < text.length() && text.charAt(i) != quote) {
      char c = text.charAt(i);
      if (c != '\\') {
        value.append(c);
        i++;
        continue;
      }
      i = escape(text, i, base, value);
    }
    return value.toString();
  }

  /** Decodes the escape starting at the backslash {@code text[i]}; returns the index after it. */
  private int escape(String text, int i, int base, StringBuilder value) {
    if (i + 1 >= text.length()) {
      return i + 1;
    }
    char kind = text.charAt(i + 1);
    switch (kind) {
      case 'n':
        value.append('\n');
        return i + 2;
      case 't':
        value.append('\t');
        return i + 2;
      case 'r':
        value.append('\r');
        return i + 2;
      case '\\':
      case '"':
      case '\'':
        value.append(kind);
        return i + 2;
      case 'u':
        return unicodeEscape(text, i, base, value);
      default:
        reportEscape(text.substring(i, i + 2), base + i, 2);
        value.append(kind);
        return i + 2;
    }
  }

  private int unicodeEscape(String text, int i, int base, StringBuilder value) {
    int end = i + 6;
    if (end <= text.length() && isHex(text.substring(i + 2, end))) {
      value.append((char) Integer.parseInt(text.substring(i + 2, end), 16));
      return end;
    }
    int shown = 2;
    while (shown < 6 && i + shown < text.length() && isHexDigit(text.charAt(i + shown))) {
      shown++;
    }
    reportEscape(text.substring(i, i + shown), base + i, shown);
    return i + 2;
  }

  private void reportEscape(String escape, int start, int length) {
    diagnostics.error(
        SyntaxDiagnostics.SYNTAX_RULE,
        "Invalid escape sequence '" + escape + "' in a string.",
        spans.chars(start, start + length),
        "The escapes are \\n \\t \\r \\\\ \\\" \\' and \\uXXXX (four hex digits);"
            + " write \\\\ for a backslash.");
  }

  private static boolean isHex(String digits) {
    return digits.chars().allMatch(c -> isHexDigit((char) c));
  }

  private static boolean isHexDigit(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
