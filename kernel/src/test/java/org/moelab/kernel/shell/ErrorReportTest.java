package org.moelab.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.moelab.diag.Diagnostic;
import org.moelab.session.RunResult;
import org.moelab.session.RunStatus;
import org.moelab.source.Source;

class ErrorReportTest {
  private static final String RENDERED =
      "<cell 1>:1:9: error[E0201]: Unknown name 'sofmax'.\n  let p = sofmax(x)\n          ^~~~~~\n";

  @Test
  void compileErrorUsesTheFirstDiagnosticAndTheRenderedCaretLines() {
    Source cell = new Source("<cell 1>", "let p = sofmax(x)");
    Diagnostic d = Diagnostic.error("E0201", "Unknown name 'sofmax'.", cell.span(8, 14));
    RunResult result = new RunResult(RunStatus.COMPILE_ERROR, List.of(d), RENDERED, Optional.empty());

    ErrorReport report = ErrorReport.of(result);

    assertEquals("CompileError", report.ename());
    assertEquals("Unknown name 'sofmax'.", report.evalue());
    assertEquals(
        List.of(
            "<cell 1>:1:9: error[E0201]: Unknown name 'sofmax'.",
            "  let p = sofmax(x)",
            "          ^~~~~~"),
        report.traceback());
  }

  @Test
  void interruptWithoutTextStillSaysWhatHappened() {
    RunResult result = new RunResult(RunStatus.INTERRUPTED, List.of(), "", Optional.empty());
    ErrorReport report = ErrorReport.of(result);
    assertEquals("Interrupted", report.ename());
    assertEquals("The cell was interrupted.", report.evalue());
    assertEquals(List.of("Interrupted: The cell was interrupted."), report.traceback());
  }

  @Test
  void runtimeErrorWithoutDiagnosticsTakesItsFirstLine() {
    RunResult result = new RunResult(RunStatus.RUNTIME_ERROR, List.of(), "\nout of memory\nmore\n", Optional.empty());
    ErrorReport report = ErrorReport.of(result);
    assertEquals("RuntimeError", report.ename());
    assertEquals("out of memory", report.evalue());
  }
}
