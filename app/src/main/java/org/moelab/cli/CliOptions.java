package org.moelab.cli;

import java.nio.file.Path;

/**
 * The options shared by run, check and graph.
 *
 * @param file the .moe file
 * @param backend the backend name, or null for the default
 * @param seed the base seed
 * @param debug keep Java stack traces for internal errors
 * @param svg for graph: write SVG instead of text
 */
record CliOptions(Path file, String backend, long seed, boolean debug, boolean svg) {

  static CliOptions parse(String[] args) {
    Path file = null;
    String backend = null;
    long seed = 0;
    boolean debug = false;
    boolean svg = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--backend" -> backend = value(args, ++i, "--backend");
        case "--seed" -> seed = number(value(args, ++i, "--seed"));
        case "--debug" -> debug = true;
        case "--svg" -> svg = true;
        default -> {
          if (args[i].startsWith("--")) {
            throw new UsageException("Unknown option '" + args[i] + "'.");
          }
          if (file != null) {
            throw new UsageException("Give one .moe file, got '" + file + "' and '" + args[i] + "'.");
          }
          file = Path.of(args[i]);
        }
      }
    }
    if (file == null) {
      throw new UsageException("Missing the .moe file to run.");
    }
    return new CliOptions(file, backend, seed, debug, svg);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value.");
    }
    return args[i];
  }

  private static long number(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new UsageException("--seed needs an integer, got '" + s + "'.");
    }
  }
}
