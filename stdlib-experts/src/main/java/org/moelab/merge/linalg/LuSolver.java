package org.moelab.merge.linalg;

/**
 * Solves A X = B for a square A by LU decomposition with partial pivoting, in double precision
 * (RegMean's (Σ G_i)⁻¹ Σ G_i W_i). A is factored once ({@link #factor}); the factors then solve any
 * number of right-hand sides, column by column, so solving B in blocks of columns gives exactly
 * the columns of solving it whole.
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

  /**
   * The factors P A = L U of an [n, n] matrix: U on and above the diagonal of {@code lu}, the
   * multipliers of L (unit diagonal) below it, and {@code pivots[c]} the row swapped with row c at
   * step c.
   */
  public static final class Factors {
    private final int n;
    private final double[] lu;
    private final int[] pivots;

    private Factors(int n, double[] lu, int[] pivots) {
      this.n = n;
      this.lu = lu;
      this.pivots = pivots;
    }

    /** The order n of A. */
    public int order() {
      return n;
    }

    /** X with A X = B for B [n, k]. */
    public Matrix solve(Matrix b) {
      if (b.rows() != n) {
        throw new IllegalArgumentException("solve needs B [" + n + ", k], got " + b.rows() + " x " + b.cols());
      }
      int k = b.cols();
      double[] x = b.v().clone();
      for (int col = 0; col < n; col++) {
        swapRows(x, k, col, pivots[col]);
      }
      for (int col = 0; col < n; col++) {
        for (int row = col + 1; row < n; row++) {
          double f = lu[row * n + col];
          if (f == 0) {
            continue;
          }
          for (int j = 0; j < k; j++) {
            x[row * k + j] -= f * x[col * k + j];
          }
        }
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
  }

  /** X with A X = B; A is [n, n], B [n, k]. A pivot below 1e-12 · max|A| counts as singular. */
  public static Matrix solve(Matrix a, Matrix b) {
    if (a.cols() != a.rows() || b.rows() != a.rows()) {
      throw new IllegalArgumentException("solve needs A [n, n] and B [n, k], got " + a.rows() + " x " + a.cols()
          + " and " + b.rows() + " x " + b.cols());
    }
    return factor(a).solve(b);
  }

  /** The LU factors of A [n, n]; a pivot below 1e-12 · max|A| counts as singular. */
  public static Factors factor(Matrix a) {
    return factorInPlace(a.rows(), a.v().clone());
  }

  /**
   * The LU factors of the [n, n] row-major matrix {@code a}, overwriting it (for matrices too large
   * to copy); a pivot below 1e-12 · max|A| counts as singular.
   */
  public static Factors factorInPlace(int n, double[] a) {
    if (a.length != (long) n * n) {
      throw new IllegalArgumentException("an " + n + " x " + n + " matrix needs " + (long) n * n + " values, got "
          + a.length);
    }
    double scale = 0;
    for (double value : a) {
      scale = Math.max(scale, Math.abs(value));
    }
    int[] pivots = new int[n];
    for (int col = 0; col < n; col++) {
      int pivot = pivotRow(a, n, col);
      if (Math.abs(a[pivot * n + col]) <= 1e-12 * scale || scale == 0) {
        throw new SingularMatrixException("the matrix is singular (pivot " + a[pivot * n + col] + " in column " + col
            + ")");
      }
      pivots[col] = pivot;
      swapRows(a, n, col, pivot);
      eliminate(a, n, col);
    }
    return new Factors(n, a, pivots);
  }

  private static int pivotRow(double[] lu, int n, int col) {
    int best = col;
    for (int row = col + 1; row < n; row++) {
      best = Math.abs(lu[row * n + col]) > Math.abs(lu[best * n + col]) ? row : best;
    }
    return best;
  }

  /** Eliminates below the pivot of column {@code col}, keeping each row's multiplier in its place. */
  private static void eliminate(double[] lu, int n, int col) {
    double d = lu[col * n + col];
    for (int row = col + 1; row < n; row++) {
      double f = lu[row * n + col] / d;
      lu[row * n + col] = f;
      if (f == 0) {
        continue;
      }
      for (int j = col + 1; j < n; j++) {
        lu[row * n + j] -= f * lu[col * n + j];
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
