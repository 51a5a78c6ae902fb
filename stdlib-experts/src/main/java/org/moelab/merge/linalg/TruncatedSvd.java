package org.moelab.merge.linalg;

import java.util.Arrays;
import java.util.Random;

/**
 * The k largest singular triplets of a matrix, in double precision: M ≈ U diag(S) Vh.
 *
 * <p>When k + 10 reaches the rank bound (min(m, n), or r for a product of rank r), one exact step:
 * Q = orth(M Ω) for a block Ω of p = min(m, n, max(k + 10, rank bound)) vectors, modified
 * Gram–Schmidt twice, and the one-sided Jacobi SVD of Mᵀ Q. Otherwise Chebyshev-filtered subspace
 * iteration ({@link FilteredSubspace}) on a block of p = min(m, n, max(k + 10, 2k)) vectors, with
 * Rayleigh–Ritz on a p × p matrix, until the k values change by less than 1e-13 of the largest and
 * every residual ‖Mᵀ u − σ v‖ is within 1e-10 of it. Dense matrices are multiplied by cache-blocked,
 * multi-threaded loops whose results do not depend on the thread count. Start blocks are drawn from a
 * fixed seed, so results are deterministic. Each singular pair's sign is fixed so that the
 * largest-magnitude entry of its right vector (row of Vh) is positive (LAPACK leaves the sign
 * arbitrary). Singular values at or below {@value #NULL_SPACE} of the largest are set to zero with
 * their vectors: their directions are arbitrary (the null space of a low-rank matrix, or f32
 * rounding noise in one).
 *
 * @param u left vectors, [m, k]
 * @param s singular values, descending, length k
 * @param vh right vectors as rows, [k, n]
 */
public record TruncatedSvd(Matrix u, double[] s, Matrix vh) {
  private static final int OVERSAMPLE = 10;
  static final double NULL_SPACE = 1e-6;

  /** The top {@code k} (≤ min(m, n)) singular triplets of {@code m}. */
  public static TruncatedSvd of(LinearMap m, int k) {
    int limit = Math.min(m.rows(), m.cols());
    if (k < 0 || k > limit) {
      throw new IllegalArgumentException("rank " + k + " of a " + m.rows() + " x " + m.cols() + " matrix");
    }
    int bound = Math.min(limit, m.rankBound());
    if (k == 0) {
      return new TruncatedSvd(Matrix.zeros(m.rows(), 0), new double[0], Matrix.zeros(0, m.cols()));
    }
    if (k + OVERSAMPLE >= bound) {
      return exact(m, k, Math.min(limit, Math.max(k + OVERSAMPLE, bound)));
    }
    FilteredSubspace.Ritz r = FilteredSubspace.of(m, k, Math.min(limit, Math.max(k + OVERSAMPLE, 2 * k)));
    return assemble(r.left(), r.s(), r.right(), m.rows(), m.cols());
  }

  /** One step of the block p ≥ rank: Q spans the range, and the SVD of Mᵀ Q (Jacobi) is M's. */
  private static TruncatedSvd exact(LinearMap m, int k, int p) {
    double[][] q = orthonormal(m.apply(start(m.cols(), p)));
    Jacobi small = Jacobi.of(m.applyTransposed(q));
    double[][] left = new double[k][];
    double[][] right = new double[k][];
    for (int c = 0; c < k; c++) {
      int src = small.order()[c];
      right[c] = small.leftVector(src);
      double[] coeff = new double[q.length];
      for (int j = 0; j < q.length; j++) {
        coeff[j] = small.v()[j][src];
      }
      left[c] = Kernels.combine(q, q.length, coeff, m.rows());
    }
    return assemble(left, Arrays.copyOf(small.sigma(), k), right, m.rows(), m.cols());
  }

  /** The triplets with the sign rule and the null-space rule applied. */
  private static TruncatedSvd assemble(double[][] left, double[] sigma, double[][] right, int rows, int cols) {
    int k = sigma.length;
    double[] u = new double[rows * k];
    double[] vh = new double[k * cols];
    double[] s = new double[k];
    for (int c = 0; c < k; c++) {
      if (sigma[c] <= NULL_SPACE * sigma[0]) {
        continue;
      }
      s[c] = sigma[c];
      double sign = signOfLargest(right[c]);
      for (int i = 0; i < rows; i++) {
        u[i * k + c] = sign * left[c][i];
      }
      for (int j = 0; j < cols; j++) {
        vh[c * cols + j] = sign * right[c][j];
      }
    }
    return new TruncatedSvd(new Matrix(rows, k, u), s, new Matrix(k, cols, vh));
  }

  private static double signOfLargest(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      best = Math.abs(x[i]) > Math.abs(x[best]) ? i : best;
    }
    return x.length == 0 || x[best] >= 0 ? 1 : -1;
  }

  private static double[][] start(int n, int p) {
    Random random = new Random(0x5EED);
    double[][] block = new double[p][n];
    for (double[] column : block) {
      for (int i = 0; i < n; i++) {
        column[i] = random.nextGaussian();
      }
    }
    return block;
  }

  /** Orthonormal columns spanning {@code block} (modified Gram–Schmidt, twice); dependent ones become zero. */
  static double[][] orthonormal(double[][] block) {
    double[][] q = new double[block.length][];
    for (int c = 0; c < block.length; c++) {
      double[] x = block[c].clone();
      double original = norm(x);
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < c; j++) {
          double d = dot(q[j], x);
          for (int i = 0; i < x.length; i++) {
            x[i] -= d * q[j][i];
          }
        }
      }
      double n = norm(x);
      boolean dependent = n <= 1e-12 * Math.max(original, Double.MIN_NORMAL) || n == 0;
      for (int i = 0; i < x.length; i++) {
        x[i] = dependent ? 0 : x[i] / n;
      }
      q[c] = x;
    }
    return q;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }
}
