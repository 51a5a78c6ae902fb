package org.moelab.stdlib;

import java.util.Locale;

/** Text and SVG renderings of a {@link RoutingReport}. */
final class RoutingPictures {
  private RoutingPictures() {}

  private static final int MAX_ROWS = 64;
  private static final int CELL = 12;
  private static final int BAR_WIDTH = 160;

  /** A table: one row per expert with its tokens, share and a bar; then the summary numbers. */
  static String table(double[] load, double entropy, double dropped, Double utilisation) {
    double total = 0;
    double max = 0;
    for (double l : load) {
      total += l;
      max = Math.max(max, l);
    }
    StringBuilder b = new StringBuilder("expert  tokens   share\n");
    for (int e = 0; e < load.length; e++) {
      double share = total == 0 ? 0 : load[e] / total;
      int bar = max == 0 ? 0 : (int) Math.round(20 * load[e] / max);
      String row = String.format(Locale.ROOT, "%6d  %6d  %5.1f%%  %s", e, (long) load[e], 100 * share, "#".repeat(bar));
      b.append(row.stripTrailing()).append('\n');
    }
    b.append(String.format(Locale.ROOT, "entropy %.4f, dropped %.1f%%", entropy, 100 * dropped));
    if (utilisation != null) {
      b.append(String.format(Locale.ROOT, ", capacity used %.1f%%", 100 * utilisation));
    }
    return b.toString();
  }

  /**
   * A heatmap of the combine weights (tokens × experts, the first 64 tokens) with expert and token
   * labels and a colour scale, beside a bar chart of the load per expert.
   */
  static String svg(double[] weights, int tokens, int experts, double[] load) {
    int rows = Math.min(tokens, MAX_ROWS);
    int left = 48;
    int top = 40;
    int heatWidth = experts * CELL;
    int heatHeight = rows * CELL;
    int barsLeft = left + heatWidth + 70;
    int width = barsLeft + BAR_WIDTH + 50;
    int height = top + Math.max(heatHeight + 44, experts * CELL + 10);
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"10\">", width, height, width, height));
    b.append(text(left, 14, "combine weights" + (rows < tokens ? " (first " + rows + " of " + tokens + " tokens)" : ""), "bold"));
    heatmap(b, weights, rows, experts, left, top);
    legend(b, left, top + heatHeight + 12, heatWidth);
    bars(b, load, barsLeft, top);
    return b.append("</svg>").toString();
  }

  private static void heatmap(StringBuilder b, double[] weights, int rows, int experts, int left, int top) {
    for (int e = 0; e < experts; e++) {
      if (experts <= 32 || e % 4 == 0) {
        b.append(text(left + e * CELL + CELL / 2, top - 4, Integer.toString(e), "middle"));
      }
    }
    b.append(text(left - 4, top - 4, "expert", "end"));
    for (int t = 0; t < rows; t++) {
      if (t % 5 == 0) {
        b.append(text(left - 4, top + t * CELL + CELL - 3, Integer.toString(t), "end"));
      }
      for (int e = 0; e < experts; e++) {
        b.append(String.format(Locale.ROOT, "<rect class=\"cell\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
            + "fill=\"%s\"/>", left + e * CELL, top + t * CELL, CELL, CELL, shade(weights[t * experts + e])));
      }
    }
    b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#888\"/>", left, top, experts * CELL, rows * CELL));
  }

  private static void legend(StringBuilder b, int x, int y, int width) {
    int steps = 10;
    int w = Math.max(60, width);
    for (int i = 0; i < steps; i++) {
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"8\" fill=\"%s\"/>",
          x + i * w / steps, y, w / steps + 1, shade((i + 0.5) / steps)));
    }
    b.append(text(x, y + 20, "0", "start")).append(text(x + w, y + 20, "1", "end"));
  }

  private static void bars(StringBuilder b, double[] load, int x0, int top) {
    double max = 0;
    for (double l : load) {
      max = Math.max(max, l);
    }
    b.append(text(x0 - 30, 14, "load (tokens per expert)", "bold"));
    for (int e = 0; e < load.length; e++) {
      int len = max == 0 ? 0 : (int) Math.round(BAR_WIDTH * load[e] / max);
      int y = top + e * CELL;
      b.append(text(x0 - 4, y + CELL - 3, Integer.toString(e), "end"));
      b.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
          + "fill=\"#4a7bd0\"/>", x0, y + 1, len, CELL - 2));
      b.append(text(x0 + len + 4, y + CELL - 3, Long.toString((long) load[e]), "start"));
    }
  }

  /** White (0) to deep blue (1). */
  private static String shade(double v) {
    double c = Math.max(0, Math.min(1, v));
    int r = (int) Math.round(255 - 200 * c);
    int g = (int) Math.round(255 - 160 * c);
    return String.format(Locale.ROOT, "rgb(%d,%d,255)", r, g);
  }

  private static String text(int x, int y, String s, String style) {
    String anchor = style.equals("bold") ? "start" : style;
    String weight = style.equals("bold") ? " font-weight=\"bold\"" : "";
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\"%s>%s</text>", x, y, anchor, weight,
        s.replace("&", "&amp;").replace("<", "&lt;"));
  }
}
