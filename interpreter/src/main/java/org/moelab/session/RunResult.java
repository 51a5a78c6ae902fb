package org.moelab.session;

import java.util.List;
import java.util.Optional;
import org.moelab.diag.Diagnostic;

/**
 * The outcome of running one unit (a file or a cell).
 *
 * @param status how it ended
 * @param diagnostics compile errors, or the one runtime error, with spans
 * @param errorText the diagnostics rendered with source lines and carets (empty when OK)
 * @param result the display of the unit's last expression statement, if it has a value worth
 *     showing (a notebook's {@code execute_result})
 */
public record RunResult(
    RunStatus status, List<Diagnostic> diagnostics, String errorText, Optional<Display> result) {
  public RunResult {
    diagnostics = List.copyOf(diagnostics);
  }

  /** True when the unit ran to the end. */
  public boolean ok() {
    return status == RunStatus.OK;
  }
}
