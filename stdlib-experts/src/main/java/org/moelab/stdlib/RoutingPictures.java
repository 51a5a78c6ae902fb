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

  /** A heatmap of the weights (tokens × experts, first 64 tokens) beside a bar chart of the load. */
  static String svg(double[] weights, int tokens, int experts, double[] load) {
    int rows = Math.min(tokens, MAX_ROWS);
    int heatWidth = experts * CELL;
    int width = heatWidth + 40 + BAR_WIDTH + 40;
    int height = Math.max(rows * CELL, experts * CELL) + 30;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"9\">", width, height));
    b.append("<text x=\"0\" y=\"10\">weights (token × expert)</text>");
    for (int t = 0; t < rows; t++) {
      for (int e = 0; e < experts; e++) {
        double v = Math.max(0, Math.min(1, weights[t * experts + e]));
        int shade = (int) Math.round(255 * (1 - v));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,255)\"/>",
            e * CELL, 16 + t * CELL, CELL, CELL, shade, shade));
      }
    }
    double max = 0;
    for (double l : load) {
      max = Math.max(max, l);
    }
    int x0 = heatWidth + 40;
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"10\">load (tokens per expert)</text>", x0));
    for (int e = 0; e < experts; e++) {
      int len = max == 0 ? 0 : (int) Math.round(BAR_WIDTH * load[e] / max);
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#4a7bd0\"/>"
          + "<text x=\"%d\" y=\"%d\">%d</text>", x0, 16 + e * CELL, len, CELL - 2, x0 + len + 4, 16 + e * CELL + 9,
          (long) load[e]));
    }
    return b.append("</svg>").toString();
  }
}
