package org.moelab.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code moe} command line. Subcommands: run, check, graph, bench, kernel, merge, import.
 * Exit codes: 0 ok, 1 runtime error, 2 compile error, 64 usage error.
 */
public final class Main {
  /** Exit code for a usage mistake. */
  public static final int USAGE = 64;

  private Main() {}

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command line, writing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(Usage.TEXT);
      return args.length == 0 ? USAGE : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "run" -> new RunCommand(out, err).run(CliOptions.parse(rest), false);
        case "check" -> new RunCommand(out, err).run(CliOptions.parse(rest), true);
        case "graph" -> new GraphCommand(out, err).run(CliOptions.parse(rest));
        case "bench" -> new BenchCommand(out, err).run(rest);
        case "kernel" -> new KernelCommand(out, err).run(rest);
        case "merge" -> new MergeCommand(out, err).run(rest);
        case "import" -> new ImportCommand(out, err).run(rest);
        default -> usage(err, "Unknown command '" + args[0] + "'.");
      };
    } catch (UsageException e) {
      return usage(err, e.getMessage());
    }
  }

  static int usage(PrintStream err, String message) {
    err.println("moe: " + message);
    err.println("Run 'moe --help' for the commands.");
    return USAGE;
  }
}
