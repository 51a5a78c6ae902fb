package org.moelab.merge;

import java.util.Arrays;

/**
 * Sparsifies one task vector in place, as mergekit's {@code sparsify.py} does, with two documented
 * departures: ties in magnitude go to the lower index (a stable sort; torch's order is
 * unspecified), and breadcrumbs with {@code int(gamma·n) = 0} drops no outliers instead of zeroing
 * the whole delta (mergekit's {@code indices[n_bot:-0]} slice is empty).
 */
final class Sparsify {
  private static final double NORM_EPS = 1e-7;

  private Sparsify() {}

  /**
   * Sparsifies {@code delta} (the task vector of model {@code model} for tensor {@code name}) by
   * {@code method}, rescaling when {@code options.rescale()}.
   */
  static void apply(Sparsification method, float[] delta, long[] shape, ModelParams p, MergeOptions options,
      String name, int model) {
    if (method == Sparsification.NONE || p.density() >= 1) {
      return;
    }
    switch (method) {
      case MAGNITUDE -> masked(delta, AbsSelect.topK(delta, (int) (p.density() * delta.length)), p.density(), options);
      case RANDOM -> random(delta, p.density(), options, MaskRandom.of(options.seed(), name, model));
      case MAGNITUDE_OUTLIERS -> masked(delta, outlierWindow(delta, p.density(), p.gamma()), p.density(), options);
      case DELLA_MAGPRUNE -> della(delta, shape, p, options, MaskRandom.of(options.seed(), name, model));
      default -> throw new IllegalStateException("unhandled sparsification " + method);
    }
  }

  /** Breadcrumbs' window: drop int(gamma·n) largest (fewer if density needs), keep int(density·n). */
  static boolean[] outlierWindow(float[] delta, double density, double gamma) {
    int n = delta.length;
    int target = (int) (density * n);
    int top = (int) (gamma * n);
    int bottom = n - target - top;
    if (bottom < 0) {
      top += bottom;
      bottom = 0;
    }
    return AbsSelect.ascendingWindow(delta, bottom, n - top);
  }

  private static void masked(float[] delta, boolean[] keep, double density, MergeOptions options) {
    double before = options.rescale() ? l1(delta) : 0;
    for (int i = 0; i < delta.length; i++) {
      if (!keep[i]) {
        delta[i] = 0f;
      }
    }
    if (options.rescale()) {
      rescale(delta, before, density, options.rescaleMode());
    }
  }

  private static void random(float[] delta, double density, MergeOptions options, MaskRandom rng) {
    boolean[] keep = new boolean[delta.length];
    for (int i = 0; i < delta.length; i++) {
      keep[i] = rng.uniform(i) < density;
    }
    masked(delta, keep, density, options);
  }

  private static void rescale(float[] delta, double before, double density, RescaleMode mode) {
    if (mode == RescaleMode.DENSITY) {
      scale(delta, (float) (1.0 / density));
      return;
    }
    double after = l1(delta);
    if (before < NORM_EPS || after < NORM_EPS) {
      return;
    }
    scale(delta, (float) before / (float) after);
  }

  /** DELLA's MAGPRUNE: keep probability rises linearly with the magnitude's rank along axis 1. */
  private static void della(float[] delta, long[] shape, ModelParams p, MergeOptions options, MaskRandom rng) {
    if (p.density() <= 0) {
      Arrays.fill(delta, 0f);
      return;
    }
    double before = options.rescale() ? l1(delta) : 0;
    float[] probs = dellaProbabilities(delta, shape, p.density(), p.epsilon());
    for (int i = 0; i < delta.length; i++) {
      boolean keep = rng.uniform(i) < probs[i];
      delta[i] = !keep ? 0f : options.rescale() && options.rescaleMode() == RescaleMode.DENSITY ? delta[i] / probs[i] : delta[i];
    }
    if (options.rescale() && options.rescaleMode() == RescaleMode.L1) {
      rescale(delta, before, p.density(), RescaleMode.L1);
    }
  }

  /**
   * Each element's keep probability: (density − ε) + 2ε · (rank − 1)/(len − 1), ranks ascending by
   * magnitude along axis 1 (a vector is one row); a line of one element gets density.
   */
  static float[] dellaProbabilities(float[] delta, long[] shape, double density, double epsilon) {
    Lines lines = shape.length < 2 ? Lines.flat(delta.length) : Lines.along(shape, 1);
    float[] probs = new float[delta.length];
    long[] keys = new long[lines.length()];
    float low = (float) (density - epsilon);
    float spread = (float) epsilon;
    for (int line = 0; line < lines.count(); line++) {
      for (int j = 0; j < keys.length; j++) {
        keys[j] = (long) AbsSelect.bits(delta[lines.index(line, j)]) << 32 | j;
      }
      Arrays.sort(keys);
      for (int r = 0; r < keys.length; r++) {
        int j = (int) keys[r];
        float rankNorm = keys.length == 1 ? 0.5f : (float) r / (float) (keys.length - 1);
        probs[lines.index(line, j)] = low + rankNorm * 2f * spread;
      }
    }
    return probs;
  }

  static double l1(float[] x) {
    double s = 0;
    for (float v : x) {
      s += Math.abs(v);
    }
    return s;
  }

  private static void scale(float[] x, float factor) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= factor;
    }
  }
}
