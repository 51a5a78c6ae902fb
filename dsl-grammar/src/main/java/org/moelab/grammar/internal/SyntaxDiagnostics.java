package org.moelab.grammar.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.moelab.diag.Diagnostic;
import org.moelab.source.SourceSpan;

/**
 * The syntax errors of one parse, at most {@link ParseLimits#MAX_DIAGNOSTICS} of them, so a
 * file of garbage yields a short report rather than millions of lines.
 */
final class SyntaxDiagnostics {
  /** Unexpected token. */
  static final String UNEXPECTED_TOKEN = "E0001";
  /** String without its closing quote. */
  static final String UNTERMINATED_STRING = "E0002";
  /** A character that starts no token. */
  static final String INVALID_CHARACTER = "E0003";
  /** Input too large or nested too deeply. */
  static final String LIMIT_EXCEEDED = "E0004";
  /** Any other syntax rule. */
  static final String SYNTAX_RULE = "E0005";
  /** A positional argument after a keyword argument. */
  static final String POSITIONAL_AFTER_KEYWORD = "E0006";

  private final List<Diagnostic> diagnostics = new ArrayList<>();

  /** Records an error unless the limit is reached. */
  void error(String code, String message, SourceSpan span) {
    add(Diagnostic.error(code, message, span));
  }

  /** Records an error with a help line unless the limit is reached. */
  void error(String code, String message, SourceSpan span, String help) {
    add(Diagnostic.error(code, message, span, help));
  }

  /** Records that an expression nests deeper than the parser allows. */
  void expressionTooDeep(SourceSpan span) {
    error(
        LIMIT_EXCEEDED,
        "The expression is nested too deeply; the limit is "
            + ParseLimits.MAX_EXPRESSION_DEPTH
            + " levels of operators and brackets.",
        span,
        "Give inner parts names with 'let'.");
  }

  /** True when no more diagnostics will be recorded, so callers can skip composing them. */
  boolean isFull() {
    return diagnostics.size() >= ParseLimits.MAX_DIAGNOSTICS;
  }

  /** True when any error was recorded. */
  boolean any() {
    return !diagnostics.isEmpty();
  }

  /** The errors ordered by position in the source, then by report order. */
  List<Diagnostic> sorted() {
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()));
    return List.copyOf(sorted);
  }

  private void add(Diagnostic diagnostic) {
    if (diagnostics.size() < ParseLimits.MAX_DIAGNOSTICS) {
      diagnostics.add(diagnostic);
    }
  }
}
