package org.moelab.kernel.shell;

import java.util.Optional;
import org.moelab.session.Display;

/** How a whole cell (magics and code) ended. */
public sealed interface CellOutcome {
  /** The cell ran to the end; {@code result} is its last expression's display, if any. */
  record Ok(Optional<Display> result) implements CellOutcome {}

  /** The cell stopped with an error (or an interrupt). */
  record Failed(ErrorReport report) implements CellOutcome {}
}
