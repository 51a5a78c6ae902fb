package org.moelab.diag;

import java.util.Objects;
import java.util.Optional;
import org.moelab.source.SourceSpan;

/**
 * A problem found in user input: a value, never an exception, so one run can report many.
 *
 * @param severity how bad it is
 * @param code a stable code such as {@code E0101}, documented in {@code docs/diagnostics.md}
 * @param message a full sentence naming the bad value
 * @param span where the problem is
 * @param help how to fix it, if known
 */
public record Diagnostic(
    Severity severity, String code, String message, SourceSpan span, Optional<String> help) {

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(help, "help");
  }

  /** An error without a help line. */
  public static Diagnostic error(String code, String message, SourceSpan span) {
    return new Diagnostic(Severity.ERROR, code, message, span, Optional.empty());
  }

  /** An error with a help line that says how to fix it. */
  public static Diagnostic error(String code, String message, SourceSpan span, String help) {
    return new Diagnostic(Severity.ERROR, code, message, span, Optional.ofNullable(help));
  }

  /** True when this diagnostic stops the run. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
