package org.moelab.merge.lang;

import java.util.Locale;
import org.moelab.io.ResumeReport;
import org.moelab.merge.stream.MergeProgress;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Progress;

/**
 * Shows a merge run from {@code .moe} as the session's in-place progress bar (a display updated in a
 * notebook, a redrawn line on the terminal), one step per output tensor; a resumed merge says so on
 * the session's output first.
 */
final class DisplayedMergeProgress implements MergeProgress {
  private final CallContext ctx;
  private Progress bar;

  DisplayedMergeProgress(CallContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void update(int done, int total, long bytesRead, long bytesTotal, String tensor) {
    if (bar == null) {
      bar = Progress.start(ctx, "merge", total);
    }
    String status = String.format(Locale.ROOT, "%.2f of %.2f GB read", bytesRead / 1e9, bytesTotal / 1e9);
    if (done == total) {
      bar.finish(status);
    } else {
      bar.update(done, status);
    }
  }

  @Override
  public void resumed(ResumeReport report, String message) {
    ctx.print(message + "\n");
  }
}
