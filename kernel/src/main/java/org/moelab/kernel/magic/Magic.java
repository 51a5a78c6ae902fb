package org.moelab.kernel.magic;

import java.util.List;
import java.util.Optional;
import org.moelab.session.RunResult;
import org.moelab.session.RunStatus;

/** One kernel magic, such as {@code %seed 42}: a kernel feature, not part of the language. */
public interface Magic {
  /** The name after the {@code %}. */
  String name();

  /** One line: the usage and what it does, for {@code %help}. */
  String usage();

  /**
   * Runs the magic.
   *
   * @param argument the text after the name, trimmed; for a cell magic ({@code %%time}), the rest
   *     of the cell
   * @param context the session and the cell's output
   * @return the outcome; a result that is not OK stops the cell
   * @throws MagicException when the argument is wrong
   */
  RunResult run(String argument, MagicContext context);

  /** An OK outcome with nothing to show as the cell's result. */
  static RunResult done() {
    return new RunResult(RunStatus.OK, List.of(), "", Optional.empty());
  }
}
