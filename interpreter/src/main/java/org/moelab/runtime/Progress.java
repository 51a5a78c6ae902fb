package org.moelab.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.moelab.session.Display;

/**
 * A progress bar for long work (training, merges) that updates in place: in a notebook one
 * display is replaced (an HTML {@code <progress>} element with a text fallback); in a terminal the
 * line is redrawn on stderr. Updates are throttled so they never cost more than the work.
 */
public final class Progress {
  private static final AtomicLong IDS = new AtomicLong();
  private static final long MIN_INTERVAL_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 30;

  private final CallContext ctx;
  private final String label;
  private final long total;
  private final String id;
  private final long started = System.nanoTime();
  private long lastShown;
  private boolean finished;

  private Progress(CallContext ctx, String label, long total) {
    this.ctx = ctx;
    this.label = label;
    this.total = Math.max(1, total);
    this.id = "moe-progress-" + IDS.incrementAndGet();
  }

  /** Starts a bar of {@code total} units and shows it at 0 (nothing is shown while checking). */
  public static Progress start(CallContext ctx, String label, long total) {
    Progress p = new Progress(ctx, label, total);
    p.show(0, "", false);
    return p;
  }

  /** Reports {@code done} units finished, with a short status such as {@code loss 0.1234}. */
  public void update(long done, String status) {
    long now = System.nanoTime();
    if (now - lastShown >= MIN_INTERVAL_NANOS) {
      show(done, status, true);
    }
  }

  /** Shows the bar complete with a final status. */
  public void finish(String status) {
    if (!finished) {
      finished = true;
      show(total, status, true);
    }
  }

  private void show(long done, String status, boolean update) {
    if (ctx.isChecking()) {
      return;
    }
    lastShown = System.nanoTime();
    double fraction = Math.min(1.0, (double) done / total);
    double seconds = (lastShown - started) / 1e9;
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    String text = String.format(Locale.ROOT, "%s [%s%s] %d/%d %.1fs%s", label, "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled), done, total, seconds, status.isEmpty() ? "" : " " + status);
    String html = String.format(Locale.ROOT,
        "<div class=\"moe-progress\"><span>%s</span> <progress value=\"%d\" max=\"%d\"></progress> "
            + "<span>%d/%d %.1fs %s</span></div>",
        Displays.escape(label), done, total, done, total, seconds, Displays.escape(status));
    Map<String, String> data = new LinkedHashMap<>();
    data.put("text/plain", finished ? text + "\n" : text);
    data.put("text/html", html);
    ctx.display(new Display(data, Optional.of(id)), update);
  }
}
