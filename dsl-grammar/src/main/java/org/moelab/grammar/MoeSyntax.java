package org.moelab.grammar;

import java.util.List;
import org.moelab.diag.Diagnostic;
import org.moelab.grammar.internal.SyntaxPipeline;
import org.moelab.source.Source;

/**
 * The entry point for reading {@code .moe} text: parses a source into an AST with its syntax
 * diagnostics, and tells a console whether a piece of text is ready to run.
 *
 * <p>Both methods accept any text and never throw. Sources longer than 4 MiB characters, brackets
 * nested more than 200 deep and expressions nested more than 1000 levels are reported as {@code
 * E0004}. The syntax error codes are listed in {@code docs/language.md}.
 */
public final class MoeSyntax {
  private MoeSyntax() {}

  /**
   * Parses {@code source}. The program holds every top-level statement that parsed without error;
   * the diagnostics hold every syntax error, ordered by position.
   */
  public static ParseResult parse(Source source) {
    SyntaxPipeline.Outcome outcome = SyntaxPipeline.run(source);
    return new ParseResult(outcome.program(), outcome.diagnostics());
  }

  /**
   * Says whether {@code text} is a whole program ({@link Completeness#COMPLETE}), could become
   * one with more lines ({@link Completeness#INCOMPLETE}: an open bracket, block or string, or a
   * trailing operator or {@code =}), or has an error more text cannot fix ({@link
   * Completeness#INVALID}).
   */
  public static Completeness completeness(String text) {
    if (text.isBlank()) {
      return Completeness.COMPLETE;
    }
    SyntaxPipeline.Outcome outcome = SyntaxPipeline.run(new Source("<input>", text));
    List<Diagnostic> errors =
        outcome.diagnostics().stream().filter(Diagnostic::isError).toList();
    if (errors.isEmpty()) {
      return Completeness.COMPLETE;
    }
    int end = text.stripTrailing().length();
    boolean onlyCutShort = errors.stream().allMatch(d -> isCutShort(d, end));
    return outcome.endsOpen() && onlyCutShort ? Completeness.INCOMPLETE : Completeness.INVALID;
  }

  /** True for an error that only says the text stopped too early: more text could fix it. */
  private static boolean isCutShort(Diagnostic error, int end) {
    boolean fixableKind = error.code().equals("E0001") || error.code().equals("E0002");
    return fixableKind && error.span().end() >= end;
  }
}
