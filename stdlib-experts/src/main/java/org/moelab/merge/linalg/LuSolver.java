package org.moelab.merge.linalg;

/**
 * Solves A X = B for a square A by LU decomposition with partial pivoting, in double precision
 * (RegMean's (Σ G_i)⁻¹ Σ G_i W_i).
 */
public final class LuSolver {
  private LuSolver() {}

  /** Thrown when A is singular to working precision. */
  public static final class SingularMatrixException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SingularMatrixException(String message) {
      super(message);
    }
  }

  /** X with A X = B; A is [n, n], B [n, k]. A pivot below 1e-12 · max|A| counts as singular. */
  public static Matrix solve(Matrix a, Matrix b) {
    int n = a.rows();
    if (a.cols() != n || b.rows() != n) {
      throw new IllegalArgumentException("solve needs A [n, n] and B [n, k], got " + a.rows() + " x " + a.cols()
          + " and " + b.rows() + " x " + b.cols());
    }
    double[] lu = a.v().clone();
    double[] x = b.v().clone();
    int k = b.cols();
    double scale = 0;
    for (double value : lu) {
      scale = Math.max(scale, Math.abs(value));
    }
    for (int col = 0; col < n; col++) {
      int pivot = pivotRow(lu, n, col);
      if (Math.abs(lu[pivot * n + col]) <= 1e-12 * scale || scale == 0) {
        throw new SingularMatrixException("the matrix is singular (pivot " + lu[pivot * n + col] + " in column " + col
            + ")");
      }
      swapRows(lu, n, col, pivot);
      swapRows(x, k, col, pivot);
      eliminate(lu, x, n, k, col);
    }
    for (int col = n - 1; col >= 0; col--) {
      double d = lu[col * n + col];
      for (int j = 0; j < k; j++) {
        x[col * k + j] /= d;
      }
      for (int row = 0; row < col; row++) {
        double f = lu[row * n + col];
        for (int j = 0; j < k; j++) {
          x[row * k + j] -= f * x[col * k + j];
        }
      }
    }
    return new Matrix(n, k, x);
  }

  private static int pivotRow(double[] lu, int n, int col) {
    int best = col;
    for (int row = col + 1; row < n; row++) {
      best = Math.abs(lu[row * n + col]) > Math.abs(lu[best * n + col]) ? row : best;
    }
    return best;
  }

  private static void eliminate(double[] lu, double[] x, int n, int k, int col) {
    double d = lu[col * n + col];
    for (int row = col + 1; row < n; row++) {
      double f = lu[row * n + col] / d;
      if (f == 0) {
        continue;
      }
      for (int j = col; j < n; j++) {
        lu[row * n + j] -= f * lu[col * n + j];
      }
      for (int j = 0; j < k; j++) {
        x[row * k + j] -= f * x[col * k + j];
      }
    }
  }

  private static void swapRows(double[] m, int width, int r1, int r2) {
    if (r1 == r2) {
      return;
    }
    for (int j = 0; j < width; j++) {
      double t = m[r1 * width + j];
      m[r1 * width + j] = m[r2 * width + j];
      m[r2 * width + j] = t;
    }
  }
}
