package org.moelab.train;

import java.util.List;
import java.util.Locale;

/** Renders a {@link TrainReport}: a fixed-width table for terminals, an SVG line plot for notebooks. */
final class ReportRendering {
  private static final int W = 480;
  private static final int H = 260;
  private static final int PAD = 40;

  private ReportRendering() {}

  static String table(TrainReport r) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "training report: %d steps, %s, batch %d, %d parameters%n", r.stepLosses().size(), r.optimizer(),
        r.batchSize(), r.params().size()));
    out.append(String.format(Locale.ROOT, "%5s %6s %10s %9s %9s %8s%n", "epoch", "steps", "train loss", "train acc",
        "val loss", "val acc"));
    for (EpochStats e : r.epochs()) {
      out.append(String.format(Locale.ROOT, "%5d %6d %10s %9s %9s %8s%n", e.epoch(), e.steps(), num(e.trainLoss()),
          num(e.trainAccuracy()), num(e.valLoss()), num(e.valAccuracy())));
    }
    return out.toString().stripTrailing();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Training loss per step (blue) and validation loss per epoch (orange) on shared axes. */
  static String svg(TrainReport r) {
    List<Double> train = r.stepLosses();
    double max = 0;
    double min = Double.POSITIVE_INFINITY;
    for (double v : train) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    for (EpochStats e : r.epochs()) {
      if (!Double.isNaN(e.valLoss())) {
        max = Math.max(max, e.valLoss());
        min = Math.min(min, e.valLoss());
      }
    }
    min = Double.isInfinite(min) ? 0 : Math.min(min, 0);
    double span = max > min ? max - min : 1;
    int steps = Math.max(1, train.size());
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">", W, H));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>", W, H));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>", PAD, H - PAD, W - 10, H - PAD));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>", PAD, PAD, H - PAD));
    s.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"16\">%.3g</text><text x=\"2\" y=\"%d\">%.3g</text>", max, H - PAD, min));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">step</text><text x=\"%d\" y=\"%d\">%d</text>",
        W / 2, H - 8, W - 40, H - PAD + 14, steps));
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < train.size(); i++) {
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i + 1, steps), y(train.get(i), min, span)));
    }
    s.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"").append(line).append("\"/>");
    StringBuilder val = new StringBuilder();
    for (EpochStats e : r.epochs()) {
      if (!Double.isNaN(e.valLoss())) {
        val.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(e.steps(), steps), y(e.valLoss(), min, span)));
      }
    }
    if (val.length() > 0) {
      s.append("<polyline fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"2\" points=\"").append(val).append("\"/>");
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" fill=\"#1f77b4\">train loss</text>", W - 150));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"34\" fill=\"#ff7f0e\">val loss</text>", W - 150));
    return s.append("</svg>").toString();
  }

  private static double x(long step, int steps) {
    return PAD + (W - PAD - 10) * (double) step / steps;
  }

  private static double y(double v, double min, double span) {
    return (H - PAD) - (H - PAD - 10) * (v - min) / span;
  }
}
