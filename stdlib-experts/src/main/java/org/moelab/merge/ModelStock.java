package org.moelab.merge;

/**
 * Model Stock (mergekit's {@code model_stock.py}): cos θ is the mean over pairs of task vectors of
 * their clamped cosine; t = N cos θ / (1 + (N − 1) cos θ); out = t · mean(θ_i) + (1 − t) θ_base.
 * With {@code filter_wise} the angle is taken per row (vectors along the last axis).
 */
final class ModelStock extends GramMerge {
  private final int models;

  private ModelStock(Lines lines, int models) {
    super(lines, models, true);
    this.models = models;
  }

  /**
   * Model Stock of {@code models} models (at least two) over a base, for a tensor of {@code shape}
   * ({@code size} elements).
   */
  static ModelStock of(String name, long[] shape, int size, int models, boolean filterWise) {
    if (models < 2) {
      throw new MergeException("model_stock needs at least two models besides the base for '" + name
          + "', got " + models + "; add models.");
    }
    Lines lines = filterWise && shape.length > 0 ? Lines.along(shape, -1) : Lines.flat(size);
    return new ModelStock(lines, models);
  }

  /** t = N c / (1 + (N − 1) c). */
  static double ratio(int n, double cos) {
    return n * cos / (1 + (n - 1) * cos);
  }

  @Override
  float[][] vectors(float[] base, float[][] models) {
    return models;
  }

  @Override
  double[] coefficients(Gram gram) {
    double total = 0;
    int pairs = 0;
    for (int a = 0; a < models; a++) {
      for (int b = a + 1; b < models; b++) {
        double cos = gram.dot(a, b) / Math.max(Math.sqrt(gram.dot(a, a)) * Math.sqrt(gram.dot(b, b)), 1e-6);
        total += Math.max(-1, Math.min(1, cos));
        pairs++;
      }
    }
    return new double[] {ratio(models, total / pairs)};
  }

  @Override
  void apply(float[] base, float[][] ws, float[] out, int start, int stride, int count, double[] coefficients) {
    double t = coefficients[0];
    int end = start + stride * count;
    for (int i = start; i < end; i += stride) {
      float sum = 0f;
      for (float[] w : ws) {
        sum += w[i];
      }
      out[i] = (float) (t * (sum / models) + (1 - t) * base[i]);
    }
  }
}
