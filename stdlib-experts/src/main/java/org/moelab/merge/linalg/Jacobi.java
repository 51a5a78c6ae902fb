package org.moelab.merge.linalg;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * One-sided Jacobi (Hestenes) SVD of a matrix given by its columns X = [x_0 … x_{p−1}]: rotations
 * V make the columns of X V orthogonal, so X = W Σ Vᵀ with w_c = (X V)_c / σ_c.
 *
 * @param columns the rotated columns X V
 * @param v the accumulated rotation, {@code v[j][c]}
 * @param sigma the singular values, descending
 * @param order the column index of each singular value in {@code sigma}'s order
 */
record Jacobi(double[][] columns, double[][] v, double[] sigma, int[] order) {
  private static final int MAX_SWEEPS = 80;
  private static final double EPS = 1e-15;

  /** The SVD of the matrix whose columns are {@code x} (not modified). */
  static Jacobi of(double[][] x) {
    int p = x.length;
    double[][] a = new double[p][];
    double[][] v = new double[p][p];
    for (int c = 0; c < p; c++) {
      a[c] = x[c].clone();
      v[c][c] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int i = 0; i < p - 1; i++) {
        for (int j = i + 1; j < p; j++) {
          rotated |= rotate(a, v, i, j);
        }
      }
      if (!rotated) {
        break;
      }
    }
    double[] norms = new double[p];
    for (int c = 0; c < p; c++) {
      norms[c] = TruncatedSvd.norm(a[c]);
    }
    int[] order = IntStream.range(0, p).boxed().sorted(Comparator.comparingDouble((Integer c) -> -norms[c])
        .thenComparingInt(c -> c)).mapToInt(Integer::intValue).toArray();
    double[] sigma = Arrays.stream(order).mapToDouble(c -> norms[c]).toArray();
    return new Jacobi(a, v, sigma, order);
  }

  private static boolean rotate(double[][] a, double[][] v, int i, int j) {
    double alpha = TruncatedSvd.dot(a[i], a[i]);
    double beta = TruncatedSvd.dot(a[j], a[j]);
    double gamma = TruncatedSvd.dot(a[i], a[j]);
    if (gamma == 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) {
      return false;
    }
    double zeta = (beta - alpha) / (2 * gamma);
    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
    t = zeta == 0 ? 1 : t;
    double c = 1 / Math.sqrt(1 + t * t);
    double s = c * t;
    turn(a[i], a[j], c, s);
    double[] vi = new double[v.length];
    double[] vj = new double[v.length];
    for (int r = 0; r < v.length; r++) {
      vi[r] = v[r][i];
      vj[r] = v[r][j];
    }
    turn(vi, vj, c, s);
    for (int r = 0; r < v.length; r++) {
      v[r][i] = vi[r];
      v[r][j] = vj[r];
    }
    return true;
  }

  private static void turn(double[] x, double[] y, double c, double s) {
    for (int k = 0; k < x.length; k++) {
      double xi = x[k];
      double yi = y[k];
      x[k] = c * xi - s * yi;
      y[k] = s * xi + c * yi;
    }
  }

  /** The unit vector w_c of column c (zero when σ_c = 0). */
  double[] leftVector(int c) {
    double n = TruncatedSvd.norm(columns[c]);
    double[] w = new double[columns[c].length];
    if (n == 0) {
      return w;
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = columns[c][i] / n;
    }
    return w;
  }
}
