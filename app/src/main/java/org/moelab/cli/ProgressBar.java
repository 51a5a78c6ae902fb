package org.moelab.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.moelab.io.ResumeReport;
import org.moelab.merge.stream.MergeProgress;

/**
 * A one-line progress bar on stderr for long merges: tensors, gigabytes read, throughput. What a
 * resumed merge kept is said on a line of its own first, even when quiet.
 */
final class ProgressBar implements MergeProgress {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private final boolean quiet;
  private final long start = System.nanoTime();
  private long lastDraw;

  ProgressBar(PrintStream err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public void update(int done, int total, long bytesRead, long bytesTotal, String tensor) {
    long now = System.nanoTime();
    if (quiet || (now - lastDraw < 100_000_000L && done < total)) {
      return;
    }
    lastDraw = now;
    double fraction = bytesTotal == 0 ? 1 : bytesRead / (double) bytesTotal;
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    err.printf(Locale.ROOT, "\r[%s%s] %d/%d tensors  %.2f/%.2f GB  %.2f GB/s", "#".repeat(filled),
        ".".repeat(WIDTH - filled), done, total, bytesRead / 1e9, bytesTotal / 1e9, bytesRead / 1e9 / seconds);
    err.flush();
  }

  @Override
  public void resumed(ResumeReport report, String message) {
    err.println(message);
  }

  /** Ends the bar's line. */
  void finish() {
    if (!quiet) {
      err.println();
    }
  }
}
