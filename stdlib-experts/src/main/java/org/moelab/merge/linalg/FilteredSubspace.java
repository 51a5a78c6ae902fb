package org.moelab.merge.linalg;

import java.util.Arrays;
import java.util.Random;

/**
 * The top k singular triplets by Chebyshev-filtered subspace iteration on a block of p vectors, for a
 * map with at least as many rows as columns. Each round: X = A V, X = U R (modified Gram–Schmidt,
 * twice), Rayleigh–Ritz by the one-sided Jacobi SVD of the p × p matrix R = W Σ Zᵀ, giving triplets
 * (U w, σ, V z) with A V z = σ U w exactly; then the rotated block V Z is multiplied by a Chebyshev
 * polynomial in AᵀA that is at most 1 in size on [0, θ_p²] (θ_p the smallest Ritz value) and grows
 * fast above it, and re-orthonormalised. The degree is the largest up to {@value #MAX_DEGREE} whose
 * gain on θ₁ over that on θ_k stays below {@value #MAX_SPREAD} (so the k-th direction survives the
 * rounding); when even AᵀA spreads them further, one plain step A, orthonormalise, Aᵀ is taken.
 * Converged when the k values moved by less than {@value #CONVERGED} of the largest since the last
 * round and every residual ‖Aᵀ u − σ v‖ (a by-product of the filter's first product) is within
 * {@value #RESIDUAL} of the largest value; pairs at or below the null-space threshold are exempt.
 */
final class FilteredSubspace {
  private static final double CONVERGED = 1e-13;
  private static final double RESIDUAL = 1e-10;
  private static final int MAX_DEGREE = 16;
  private static final double MAX_SPREAD = 1e8;
  private static final int MAX_ROUNDS = 1000;

  private FilteredSubspace() {}

  /**
   * The top {@code k} triplets of {@code m} from a block of {@code p} vectors (unsigned, not yet cut
   * at the null space).
   */
  static Ritz of(LinearMap m, int k, int p) {
    if (m.cols() > m.rows()) {
      Ritz t = run(transpose(m), k, p);
      return new Ritz(t.right(), t.s(), t.left());
    }
    return run(m, k, p);
  }

  /** Triplets: {@code left[c]} (length rows), {@code s[c]}, {@code right[c]} (length cols). */
  record Ritz(double[][] left, double[] s, double[][] right) {}

  private static Ritz run(LinearMap a, int k, int p) {
    Random random = new Random(0x5EED);
    double[][] v = new double[p][a.cols()];
    for (double[] x : v) {
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextGaussian();
      }
    }
    v = TruncatedSvd.orthonormal(v);
    double[] previous = null;
    for (int round = 0; ; round++) {
      double[][] r = new double[p][p];
      double[][] basis = v;
      double[][] u = qr(a.apply(basis), r);
      Jacobi small = Jacobi.of(r);
      double[] theta = small.sigma();
      double[][] left = new double[p][];
      double[][] right = new double[p][];
      double[][] scaled = new double[p][];
      Kernels.forEach(p, (long) p * p * (a.rows() + a.cols()), t -> {
        int src = small.order()[t];
        left[t] = Kernels.combine(u, p, small.leftVector(src), a.rows());
        double[] z = new double[p];
        for (int j = 0; j < p; j++) {
          z[j] = small.v()[j][src];
        }
        right[t] = Kernels.combine(basis, p, z, a.cols());
        scaled[t] = left[t].clone();
        scale(scaled[t], theta[t]);
      });
      double[][] hv = a.applyTransposed(scaled);
      double[] top = Arrays.copyOf(theta, k);
      if (round >= MAX_ROUNDS || converged(previous, top, hv, right)) {
        return new Ritz(Arrays.copyOf(left, k), top, Arrays.copyOf(right, k));
      }
      previous = top;
      v = TruncatedSvd.orthonormal(filter(a, right, hv, left, theta, k));
    }
  }

  /** Orthonormalises {@code x} in place (modified Gram–Schmidt, twice) into Q; R's columns go to {@code r}. */
  private static double[][] qr(double[][] x, double[][] r) {
    for (int j = 0; j < x.length; j++) {
      double[] y = x[j];
      double original = TruncatedSvd.norm(y);
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < j; i++) {
          double d = TruncatedSvd.dot(x[i], y);
          axpy(-d, x[i], y);
          r[j][i] += d;
        }
      }
      double n = TruncatedSvd.norm(y);
      boolean dependent = n == 0 || n <= 1e-12 * original;
      scale(y, dependent ? 0 : 1 / n);
      r[j][j] = dependent ? 0 : n;
    }
    return x;
  }

  /**
   * The k values moved by less than {@value #CONVERGED} of the largest, and
   * ‖Aᵀ u − σ v‖ = ‖(AᵀA v)/σ − σ v‖ is within {@value #RESIDUAL} of it for each pair above the
   * null-space threshold.
   */
  private static boolean converged(double[] previous, double[] top, double[][] hv, double[][] right) {
    if (previous == null) {
      return false;
    }
    double scale = Math.max(top[0], Double.MIN_NORMAL);
    for (int i = 0; i < top.length; i++) {
      if (Math.abs(top[i] - previous[i]) > CONVERGED * scale) {
        return false;
      }
    }
    for (int t = 0; t < top.length && top[t] > TruncatedSvd.NULL_SPACE * scale; t++) {
      double sum = 0;
      for (int i = 0; i < right[t].length; i++) {
        double e = hv[t][i] / top[t] - top[t] * right[t][i];
        sum += e * e;
      }
      if (Math.sqrt(sum) > RESIDUAL * scale) {
        return false;
      }
    }
    return true;
  }

  /**
   * The Chebyshev polynomial of the chosen degree on [0, θ_p²] applied to the Ritz block
   * {@code right} (whose AᵀA image is {@code hv}), each column rescaled as it goes; or, when the
   * spread is too large for any degree, Aᵀ of the orthonormalised left Ritz block.
   */
  private static double[][] filter(LinearMap a, double[][] right, double[][] hv, double[][] left, double[] theta,
      int k) {
    int p = theta.length;
    double top = theta[0] * theta[0];
    double bound = Math.max(theta[p - 1] * theta[p - 1], 1e-24 * top);
    double centre = bound / 2;
    double width = bound / 2;
    double t1 = (top - centre) / width;
    double tk = Math.max(1, (theta[k - 1] * theta[k - 1] - centre) / width);
    int degree = 0;
    while (degree < MAX_DEGREE
        && logCosh((degree + 1) * acosh(t1)) - logCosh((degree + 1) * acosh(tk)) <= Math.log(MAX_SPREAD)) {
      degree++;
    }
    if (degree == 0) {
      return a.applyTransposed(TruncatedSvd.orthonormal(left));
    }
    double[][] before = new double[p][];
    double[][] now = new double[p][];
    for (int t = 0; t < p; t++) {
      before[t] = right[t].clone();
      now[t] = new double[right[t].length];
      for (int i = 0; i < now[t].length; i++) {
        now[t][i] = (hv[t][i] - centre * right[t][i]) / width;
      }
    }
    for (int step = 2; step <= degree; step++) {
      double[][] h = a.applyTransposed(a.apply(now));
      for (int t = 0; t < p; t++) {
        double[] next = new double[now[t].length];
        for (int i = 0; i < next.length; i++) {
          next[i] = 2 * (h[t][i] - centre * now[t][i]) / width - before[t][i];
        }
        double n = TruncatedSvd.norm(next);
        double s = n == 0 ? 1 : 1 / n;
        scale(next, s);
        scale(now[t], s);
        before[t] = now[t];
        now[t] = next;
      }
    }
    return now;
  }

  private static double acosh(double x) {
    return Math.log(x + Math.sqrt(x * x - 1));
  }

  /** log cosh(x) for x ≥ 0 without overflow. */
  private static double logCosh(double x) {
    return x + Math.log1p(Math.exp(-2 * x)) - Math.log(2);
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  private static void scale(double[] y, double alpha) {
    for (int i = 0; i < y.length; i++) {
      y[i] *= alpha;
    }
  }

  private static LinearMap transpose(LinearMap m) {
    return new LinearMap() {
      @Override
      public int rows() {
        return m.cols();
      }

      @Override
      public int cols() {
        return m.rows();
      }

      @Override
      public int rankBound() {
        return m.rankBound();
      }

      @Override
      public double[][] apply(double[][] block) {
        return m.applyTransposed(block);
      }

      @Override
      public double[][] applyTransposed(double[][] block) {
        return m.apply(block);
      }
    };
  }
}
