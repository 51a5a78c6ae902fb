package org.moelab.grammar;

import java.util.List;
import org.moelab.ast.Program;
import org.moelab.diag.Diagnostic;

/**
 * What parsing produced: a program (possibly partial, when the parser recovered from errors) and
 * the syntax diagnostics, all of them.
 */
public record ParseResult(Program program, List<Diagnostic> diagnostics) {
  public ParseResult {
    diagnostics = List.copyOf(diagnostics);
  }

  /** True when any syntax error was reported. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
