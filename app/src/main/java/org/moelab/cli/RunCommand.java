package org.moelab.cli;

import java.io.PrintStream;
import org.moelab.session.RunResult;

/** {@code moe run FILE} and {@code moe check FILE}. */
final class RunCommand {
  private final PrintStream out;
  private final PrintStream err;

  RunCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(CliOptions options, boolean checkOnly) {
    return new SessionRunner(out, err).withSession(options, s -> {
      RunResult result = checkOnly ? s.session().check(s.source()) : s.session().run(s.source());
      err.print(result.errorText());
      err.flush();
      return result.status().exitCode();
    });
  }
}
