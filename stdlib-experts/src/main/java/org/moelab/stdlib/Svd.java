package org.moelab.stdlib;

/** The top right-singular vector of a small host matrix, by power iteration on MᵀM (Arrow's prototypes). */
final class Svd {
  private Svd() {}

  private static final int ITERATIONS = 2000;

  /** The unit vector v maximising |M v| for row-major {@code m [rows, cols]}; sign fixed so its largest entry is positive. */
  static double[] topRightSingularVector(double[] m, int rows, int cols) {
    double[] v = new double[cols];
    for (int j = 0; j < cols; j++) {
      v[j] = 1.0 + 0.01 * j;
    }
    normalize(v);
    double[] mv = new double[rows];
    for (int it = 0; it < ITERATIONS; it++) {
      for (int i = 0; i < rows; i++) {
        double s = 0;
        for (int j = 0; j < cols; j++) {
          s += m[i * cols + j] * v[j];
        }
        mv[i] = s;
      }
      double[] next = new double[cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          next[j] += m[i * cols + j] * mv[i];
        }
      }
      if (normalize(next) == 0) {
        return next;
      }
      v = next;
    }
    int largest = 0;
    for (int j = 1; j < cols; j++) {
      largest = Math.abs(v[j]) > Math.abs(v[largest]) ? j : largest;
    }
    if (v[largest] < 0) {
      for (int j = 0; j < cols; j++) {
        v[j] = -v[j];
      }
    }
    return v;
  }

  private static double normalize(double[] v) {
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    if (n > 0) {
      for (int j = 0; j < v.length; j++) {
        v[j] /= n;
      }
    }
    return n;
  }
}
