package org.moelab.merge;

import java.util.List;

/**
 * Model Stock (mergekit's {@code model_stock.py}): cos θ is the mean over pairs of task vectors of
 * their clamped cosine; t = N cos θ / (1 + (N − 1) cos θ); out = t · mean(θ_i) + (1 − t) θ_base.
 * With {@code filter_wise} the angle is taken per row (vectors along the last axis).
 */
final class ModelStock {
  private ModelStock() {}

  /** Merges one tensor; needs at least two models besides the base. */
  static float[] merge(TensorInputs in, boolean filterWise) {
    float[] base = in.base();
    List<float[]> ws = in.models();
    int count = ws.size();
    Lines lines = filterWise && in.shape().length > 0 ? Lines.along(in.shape(), -1) : Lines.flat(base.length);
    float[] out = new float[base.length];
    for (int line = 0; line < lines.count(); line++) {
      double t = ratio(count, meanCosine(base, ws, lines, line));
      for (int j = 0; j < lines.length(); j++) {
        int i = lines.index(line, j);
        float sum = 0f;
        for (float[] w : ws) {
          sum += w[i];
        }
        out[i] = (float) (t * (sum / count) + (1 - t) * base[i]);
      }
    }
    return out;
  }

  /** t = N c / (1 + (N − 1) c). */
  static double ratio(int n, double cos) {
    return n * cos / (1 + (n - 1) * cos);
  }

  private static double meanCosine(float[] base, List<float[]> ws, Lines lines, int line) {
    double total = 0;
    int pairs = 0;
    for (int a = 0; a < ws.size(); a++) {
      for (int b = a + 1; b < ws.size(); b++) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < lines.length(); j++) {
          int i = lines.index(line, j);
          double da = ws.get(a)[i] - base[i];
          double db = ws.get(b)[i] - base[i];
          dot += da * db;
          na += da * da;
          nb += db * db;
        }
        double cos = dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-6);
        total += Math.max(-1, Math.min(1, cos));
        pairs++;
      }
    }
    return total / pairs;
  }
}
