package org.moelab.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects diagnostics from every stage of one compilation, in report order. */
public final class DiagnosticSink {
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  /** Records one diagnostic. */
  public void report(Diagnostic diagnostic) {
    diagnostics.add(diagnostic);
  }

  /** Records every diagnostic in {@code more}. */
  public void reportAll(List<Diagnostic> more) {
    diagnostics.addAll(more);
  }

  /** True when at least one error was reported. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** The diagnostics so far, ordered by position in the source, then report order. */
  public List<Diagnostic> diagnostics() {
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()));
    return List.copyOf(sorted);
  }
}
