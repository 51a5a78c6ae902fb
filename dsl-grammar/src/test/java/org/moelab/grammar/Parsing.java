package org.moelab.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.moelab.diag.Diagnostic;
import org.moelab.source.Source;

/** Test helpers: parse text and show the result as strings. */
final class Parsing {
  private Parsing() {}

  static ParseResult parse(String text) {
    return MoeSyntax.parse(new Source("test.moe", text));
  }

  /** Parses text that must have no diagnostics and prints its AST. */
  static String ast(String text) {
    ParseResult result = parse(text);
    assertEquals(List.of(), errors(result), "diagnostics for: " + text);
    return AstPrinter.print(result.program());
  }

  /** Each diagnostic as {@code line:col CODE message}. */
  static List<String> errors(ParseResult result) {
    return result.diagnostics().stream().map(Parsing::describe).collect(Collectors.toList());
  }

  static String describe(Diagnostic d) {
    return d.span().line() + ":" + d.span().column() + " " + d.code() + " " + d.message();
  }
}
