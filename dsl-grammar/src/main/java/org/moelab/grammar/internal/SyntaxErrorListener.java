package org.moelab.grammar.internal;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Receives ANTLR's syntax errors (already in words, from {@link SyntaxErrorStrategy}) and records
 * them as {@code E0001} diagnostics.
 */
final class SyntaxErrorListener extends BaseErrorListener {
  private final SyntaxDiagnostics diagnostics;
  private final SpanFactory spans;

  SyntaxErrorListener(SyntaxDiagnostics diagnostics, SpanFactory spans) {
    this.diagnostics = diagnostics;
    this.spans = spans;
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offendingSymbol,
      int line,
      int charPositionInLine,
      String message,
      RecognitionException e) {
    String code = SyntaxDiagnostics.UNEXPECTED_TOKEN;
    if (offendingSymbol instanceof Token token) {
      diagnostics.error(code, message, spans.token(token));
      return;
    }
    diagnostics.error(code, message, spans.chars(0, 0));
  }
}
