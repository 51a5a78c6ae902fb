package org.moelab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.moelab.backend.Backends;

/** {@code moe bench [moe|routers|check|train] [--backend NAME] [--runs N] [--small]}: the benchmarks, with baselines. */
final class BenchCommand {
  private final PrintStream out;
  private final PrintStream err;

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    List<String> names = new ArrayList<>();
    List<String> backends = new ArrayList<>();
    int runs = 5;
    boolean small = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--backend" -> backends.add(value(args, ++i));
        case "--runs" -> runs = Integer.parseInt(value(args, ++i));
        case "--small" -> small = true;
        default -> names.add(args[i]);
      }
    }
    if (backends.isEmpty()) {
      backends.addAll(Backends.names());
    }
    if (names.isEmpty()) {
      names.addAll(List.of("moe", "check"));
    }
    for (String name : names) {
      for (String backend : backends) {
        switch (name) {
          case "moe" -> org.moelab.bench.Benchmarks.moeLayer(backend, runs, out);
          case "routers" -> org.moelab.bench.Benchmarks.routers(backend, runs, small, out);
          case "check" -> org.moelab.bench.Benchmarks.check(backend, Math.max(runs, 20), out);
          case "train" -> org.moelab.bench.Benchmarks.trainStep(backend, runs, small, out);
          default -> throw new UsageException("Unknown benchmark '" + name + "'; choose moe, routers, check or train.");
        }
        if (name.equals("check")) {
          break;
        }
      }
    }
    return 0;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new UsageException(args[i - 1] + " needs a value.");
    }
    return args[i];
  }
}
