package org.moelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.moelab.io.TensorFileException;
import org.moelab.merge.MergeException;
import org.moelab.merge.config.ConfigReport;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.Planner;
import org.moelab.merge.stream.MergeCancelledException;
import org.moelab.merge.stream.MergeResult;
import org.moelab.merge.stream.StreamLimits;
import org.moelab.merge.stream.StreamingMerge;

/**
 * {@code moe merge CONFIG.yml OUT_DIR [--out-shard-size SIZE] [--no-resume] [--quiet]}: runs a
 * mergekit YAML config out of core. Paths in the config resolve against the config's directory.
 * When an interrupted run of the same merge left finished shards (in {@code .OUT_DIR.moe-partial}),
 * they are kept and only the rest is merged, which is said on stderr; {@code --no-resume} deletes
 * them and starts over. Exit 2 when the config or plan has problems (nothing read; each printed as
 * a diagnostic at its place in the config), 1 when the merge fails while running.
 */
final class MergeCommand {
  private final PrintStream out;
  private final PrintStream err;

  MergeCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    String config = null;
    String target = null;
    long shard = StreamingMerge.DEFAULT_SHARD_BYTES;
    boolean quiet = false;
    boolean resume = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--out-shard-size")) {
        if (i + 1 >= args.length) {
          throw new UsageException("--out-shard-size needs a size such as 5GB or 500MB.");
        }
        shard = parseSize(args[++i]);
      } else if (a.equals("--quiet")) {
        quiet = true;
      } else if (a.equals("--no-resume")) {
        resume = false;
      } else if (a.startsWith("--")) {
        throw new UsageException("Unknown option '" + a + "' for merge; it takes --out-shard-size SIZE, --no-resume "
            + "and --quiet.");
      } else if (config == null) {
        config = a;
      } else if (target == null) {
        target = a;
      } else {
        throw new UsageException("merge takes CONFIG.yml OUT_DIR; '" + a + "' is extra.");
      }
    }
    if (config == null || target == null) {
      throw new UsageException("usage: moe merge CONFIG.yml OUT_DIR [--out-shard-size SIZE] [--no-resume]");
    }
    return merge(Path.of(config), Path.of(target), shard, resume, quiet);
  }

  private int merge(Path config, Path target, long shard, boolean resume, boolean quiet) {
    String text;
    try {
      text = Files.readString(config);
    } catch (IOException e) {
      err.println("moe merge: cannot read " + config + ": " + e.getMessage());
      return 2;
    }
    try {
      Path dir = config.toAbsolutePath().getParent();
      MergePlan plan = Planner.plan(MergekitYaml.parse(text, config.toString()), dir, target);
      plan.notes().forEach(n -> err.println("note: " + n));
      ProgressBar bar = new ProgressBar(err, quiet);
      MergeResult r = StreamingMerge.run(plan, target, shard, StreamLimits.DEFAULT, resume, bar,
          () -> Thread.currentThread().isInterrupted());
      bar.finish();
      String kept = r.keptTensors() == 0 ? "" : " (" + r.keptTensors() + " more kept from the interrupted run)";
      out.printf(Locale.ROOT, "merged %d tensors into %s%s: %.2f GB read in %.1f s (%.2f GB/s)%n", r.mergedTensors(),
          target, kept, r.bytesRead() / 1e9, r.seconds(), r.inputGbPerSecond());
      return 0;
    } catch (PlanException e) {
      err.print(ConfigReport.render(e, config.toString(), text));
      err.println("moe merge: the merge cannot start: " + count(e) + " found before reading any tensor data; "
          + "nothing was written.");
      return 2;
    } catch (TensorFileException | MergeException | MergeCancelledException e) {
      err.println("moe merge: " + e.getMessage());
      return 1;
    }
  }

  /** "1 problem" or "N problems". */
  static String count(PlanException e) {
    int n = e.planProblems().size();
    return n + (n == 1 ? " problem" : " problems");
  }

  /** Parses {@code 5GB}, {@code 500MB}, {@code 2GiB} or a plain byte count. */
  static long parseSize(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    String[][] units = {{"GIB", "1073741824"}, {"MIB", "1048576"}, {"KIB", "1024"}, {"GB", "1000000000"},
        {"MB", "1000000"}, {"KB", "1000"}, {"B", "1"}};
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      double v = Double.parseDouble(t);
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return (long) (v * unit);
    } catch (NumberFormatException e) {
      throw new UsageException("'" + text + "' is not a size; write e.g. 5GB, 500MB or 2GiB.");
    }
  }
}
