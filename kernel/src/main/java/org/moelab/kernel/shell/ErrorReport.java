package org.moelab.kernel.shell;

import java.util.Arrays;
import java.util.List;
import org.moelab.diag.Diagnostic;
import org.moelab.session.RunResult;

/**
 * A failed cell as Jupyter shows it: {@code ename}, {@code evalue} and {@code traceback} lines in
 * plain text (no ANSI colour), the traceback being the session's rendering with source line and
 * caret.
 *
 * @param ename the error's kind: {@code CompileError}, {@code RuntimeError}, {@code Interrupted},
 *     {@code UsageError} (a magic used wrongly) or {@code InternalError}
 * @param evalue a one-line message
 * @param traceback the lines to show
 */
public record ErrorReport(String ename, String evalue, List<String> traceback) {
  public ErrorReport {
    traceback = List.copyOf(traceback);
  }

  /** The report for a unit that did not end OK. */
  public static ErrorReport of(RunResult result) {
    String ename = switch (result.status()) {
      case COMPILE_ERROR -> "CompileError";
      case INTERRUPTED -> "Interrupted";
      default -> "RuntimeError";
    };
    String evalue = result.diagnostics().stream()
        .filter(Diagnostic::isError)
        .map(Diagnostic::message)
        .findFirst()
        .orElseGet(() -> firstLine(result.errorText(), defaultMessage(ename)));
    return new ErrorReport(ename, evalue, lines(result.errorText(), ename + ": " + evalue));
  }

  /** The report for a magic given bad arguments or used where it cannot work. */
  public static ErrorReport usage(String message) {
    return new ErrorReport("UsageError", message, List.of("UsageError: " + message));
  }

  /** The report for an exception escaping the session: a bug, reported without killing the kernel. */
  public static ErrorReport internal(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new ErrorReport(
        "InternalError",
        message,
        List.of(
            "InternalError: " + message,
            "This is a bug in MoE Lab, not in the cell; the session's earlier state is kept."));
  }

  /** The report for a cell whose recursion overflowed the stack; the kernel keeps running. */
  public static ErrorReport tooDeep() {
    String message = "The cell recursed too deeply and ran out of stack.";
    return new ErrorReport(
        "RuntimeError",
        message,
        List.of("RuntimeError: " + message, "Bound the recursion depth, or iterate over a list instead."));
  }

  private static String defaultMessage(String ename) {
    return ename.equals("Interrupted") ? "The cell was interrupted." : "The cell failed.";
  }

  private static String firstLine(String text, String fallback) {
    return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).findFirst().orElse(fallback);
  }

  private static List<String> lines(String text, String fallback) {
    String trimmed = text.stripTrailing();
    return trimmed.isEmpty() ? List.of(fallback) : List.of(trimmed.split("\n", -1));
  }
}
