package org.moelab.runtime;

import org.moelab.diag.Diagnostic;

/**
 * Stops evaluation of the current statement with a diagnostic. Thrown by the evaluator and
 * built-ins for user mistakes; the session turns it into a compile error (while checking) or a
 * runtime error (while running).
 */
public final class EvalError extends RuntimeException {
  private final Diagnostic diagnostic;

  /** Wraps a diagnostic. */
  public EvalError(Diagnostic diagnostic) {
    super(diagnostic.message(), null, false, false);
    this.diagnostic = diagnostic;
  }

  /** The diagnostic to report. */
  public Diagnostic diagnostic() {
    return diagnostic;
  }
}
