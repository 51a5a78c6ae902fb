package org.moelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.moelab.merge.config.ConfigReport;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.config.MoeSource;
import org.moelab.merge.plan.PlanException;

/** {@code moe import CONFIG.yml}: prints the {@code .moe} program equivalent to a mergekit config. */
final class ImportCommand {
  private final PrintStream out;
  private final PrintStream err;

  ImportCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    if (args.length != 1 || args[0].startsWith("--")) {
      throw new UsageException("usage: moe import CONFIG.yml");
    }
    Path config = Path.of(args[0]);
    String text;
    try {
      text = Files.readString(config);
    } catch (IOException e) {
      err.println("moe import: cannot read " + config + ": " + e.getMessage());
      return 2;
    }
    try {
      out.print(MoeSource.render(MergekitYaml.parse(text, args[0]), args[0]));
      return 0;
    } catch (PlanException e) {
      err.print(ConfigReport.render(e, args[0], text));
      err.println("moe import: " + MergeCommand.count(e) + " in " + args[0] + "; nothing was printed.");
      return 2;
    }
  }
}
