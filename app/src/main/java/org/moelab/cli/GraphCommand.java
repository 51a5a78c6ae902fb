package org.moelab.cli;

import java.io.PrintStream;
import java.util.List;
import org.moelab.session.RunResult;
import org.moelab.session.VariableInfo;

/**
 * {@code moe graph [--svg] FILE}: runs the file and prints the IR of every tensor it binds, as a
 * text listing or as SVG drawings.
 */
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
      List<String> names = s.session().variables().stream().map(VariableInfo::name).toList();
      s.session().graph(names).ifPresent(d -> out.print(options.svg() ? d.data().get("image/svg+xml") : d.plain()));
      return 0;
    });
  }
}
