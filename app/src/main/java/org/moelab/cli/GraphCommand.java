package org.moelab.cli;

import java.io.PrintStream;
import org.moelab.session.RunResult;
import org.moelab.session.VariableInfo;

/** {@code moe graph FILE}: runs the file and prints the IR of every tensor it binds. */
final class GraphCommand {
  private final PrintStream out;
  private final PrintStream err;

  GraphCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(CliOptions options) {
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    return new SessionRunner(quiet, err).withSession(options, s -> {
      RunResult result = s.session().run(s.source());
      if (!result.ok()) {
        err.print(result.errorText());
        return result.status().exitCode();
      }
      for (VariableInfo v : s.session().variables()) {
        s.session().graph(v.name()).ifPresent(d -> out.print("# " + v.name() + "\n" + d.plain() + "\n"));
      }
      return 0;
    });
  }
}
