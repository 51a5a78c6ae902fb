package org.moelab.merge.linalg;

import java.util.Arrays;
import java.util.Random;

/**
 * The k largest singular triplets of a matrix, in double precision: M ≈ U diag(S) Vh.
 *
 * <p>Subspace iteration on a block of p = min(m, n, max(k + 10, rank bound)) vectors, each step
 * re-orthonormalised (modified Gram–Schmidt, twice), with Rayleigh–Ritz on the small matrix Qᵀ M by
 * one-sided Jacobi. When p reaches the rank bound (min(m, n), or r for a product of rank r) one
 * step is exact; otherwise it iterates until the k values change by less than 1e-13 relatively
 * (at most {@value #MAX_ITERATIONS} steps). The start block is drawn from a fixed seed, so results
 * are deterministic. Each singular pair's sign is fixed so that the largest-magnitude entry of its
 * right vector (row of Vh) is positive (LAPACK leaves the sign arbitrary). Singular values at or
 * below {@value #NULL_SPACE} of the largest are set to zero with their vectors: their directions
 * are arbitrary (the null space of a low-rank matrix, or f32 rounding noise in one).
 *
 * @param u left vectors, [m, k]
 * @param s singular values, descending, length k
 * @param vh right vectors as rows, [k, n]
 */
public record TruncatedSvd(Matrix u, double[] s, Matrix vh) {
  private static final int OVERSAMPLE = 10;
  private static final int MAX_ITERATIONS = 500;
  private static final double CONVERGED = 1e-13;
  private static final double NULL_SPACE = 1e-6;

  /** The top {@code k} (≤ min(m, n)) singular triplets of {@code m}. */
  public static TruncatedSvd of(LinearMap m, int k) {
    int limit = Math.min(m.rows(), m.cols());
    if (k < 0 || k > limit) {
      throw new IllegalArgumentException("rank " + k + " of a " + m.rows() + " x " + m.cols() + " matrix");
    }
    int p = Math.min(limit, Math.max(k + OVERSAMPLE, Math.min(m.rankBound(), limit)));
    double[][] q = orthonormal(m.apply(start(m.cols(), p)));
    boolean exact = p >= Math.min(limit, m.rankBound());
    double[] previous = null;
    for (int it = 0; ; it++) {
      double[][] bt = m.applyTransposed(q);
      Jacobi small = Jacobi.of(bt);
      double[] top = Arrays.copyOf(small.sigma(), k);
      if (exact || it >= MAX_ITERATIONS || converged(previous, top)) {
        return assemble(q, small, k, m.rows(), m.cols());
      }
      previous = top;
      q = orthonormal(m.apply(orthonormal(bt)));
    }
  }

  private static boolean converged(double[] previous, double[] now) {
    if (previous == null) {
      return false;
    }
    double scale = now.length == 0 ? 0 : Math.max(now[0], Double.MIN_NORMAL);
    for (int i = 0; i < now.length; i++) {
      if (Math.abs(now[i] - previous[i]) > CONVERGED * scale) {
        return false;
      }
    }
    return true;
  }

  /** Bᵀ = Mᵀ Q = X; X V = W Σ gives M ≈ Q B = (Q V) Σ Wᵀ. */
  private static TruncatedSvd assemble(double[][] q, Jacobi small, int k, int rows, int cols) {
    double[] u = new double[rows * k];
    double[] vh = new double[k * cols];
    double[] s = new double[k];
    for (int c = 0; c < k; c++) {
      int src = small.order()[c];
      if (small.sigma()[c] <= NULL_SPACE * small.sigma()[0]) {
        continue;
      }
      s[c] = small.sigma()[c];
      double[] right = small.leftVector(src);
      double[] left = new double[rows];
      for (int j = 0; j < q.length; j++) {
        double coeff = small.v()[j][src];
        for (int i = 0; i < rows; i++) {
          left[i] += q[j][i] * coeff;
        }
      }
      double sign = signOfLargest(right);
      for (int i = 0; i < rows; i++) {
        u[i * k + c] = sign * left[i];
      }
      for (int j = 0; j < cols; j++) {
        vh[c * cols + j] = sign * right[j];
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
