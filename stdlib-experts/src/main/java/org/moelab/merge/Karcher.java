package org.moelab.merge;

import java.util.Arrays;

/**
 * The Karcher (Riemannian) mean on the sphere (mergekit's {@code karcher.py}): every model (the
 * base too, when given) weighs 1/N; the unit directions u_i = θ_i/‖θ_i‖ of the models whose norm
 * exceeds {@code tol} are averaged by fixed-point iteration (at most {@code maxIter} steps, stopping
 * when the tangent step is below {@code tol}), then scaled by the mean of the norms.
 *
 * <p>The iterate always lies in the span of the u_i (the start is their normalised mean, each step
 * a combination of the u_i and the iterate), so it is held as coefficients c with u = Σ c_i u_i,
 * and every dot product of the iteration is a quadratic form in the matrix of cosines ⟨u_i, u_j⟩:
 * one Gram matrix of the inputs serves all iterations, and the output is Σ_i (s·c_i/‖θ_i‖) θ_i.
 */
final class Karcher extends GramMerge {
  private final int tensors;
  private final int maxIter;
  private final double tol;

  /** The Karcher mean of {@code tensors} tensors of {@code size} elements (the base first, when there is one). */
  Karcher(int size, int tensors, int maxIter, double tol) {
    super(Lines.flat(size), tensors, false);
    this.tensors = tensors;
    this.maxIter = maxIter;
    this.tol = tol;
  }

  @Override
  float[][] vectors(float[] base, float[][] models) {
    if (base == null) {
      return models;
    }
    float[][] all = new float[models.length + 1][];
    all[0] = base;
    System.arraycopy(models, 0, all, 1, models.length);
    return all;
  }

  /** The weight of each input in the output; 0 for those whose norm is at most {@code tol}. */
  @Override
  double[] coefficients(Gram gram) {
    double alpha = 1.0 / tensors;
    double[] norms = new double[tensors];
    int[] units = new int[tensors];
    int count = 0;
    double scale = 0;
    for (int i = 0; i < tensors; i++) {
      norms[i] = Math.sqrt(gram.dot(i, i));
      scale += alpha * norms[i];
      if (norms[i] > tol) {
        units[count++] = i;
      }
    }
    double[] weights = new double[tensors];
    if (count == 0) {
      return weights;
    }
    double[][] cos = new double[count][count];
    for (int a = 0; a < count; a++) {
      for (int b = 0; b < count; b++) {
        cos[a][b] = gram.dot(units[a], units[b]) / (norms[units[a]] * norms[units[b]]);
      }
    }
    double[] c = direction(cos);
    for (int a = 0; a < count; a++) {
      weights[units[a]] = scale * c[a] / norms[units[a]];
    }
    return weights;
  }

  /** The mean direction as coefficients of the unit vectors whose cosines are {@code cos}. */
  private double[] direction(double[][] cos) {
    int m = cos.length;
    double a = 1.0 / m;
    double[] c = initialGuess(cos);
    for (int iter = 0; iter < maxIter; iter++) {
      double[] step = new double[m];
      for (int i = 0; i < m; i++) {
        double dot = Math.max(-1, Math.min(1, dot(cos, c, i)));
        double theta = Math.acos(dot);
        if (theta < tol) {
          continue;
        }
        double f = a * theta / Math.sin(theta);
        step[i] += f;
        for (int j = 0; j < m; j++) {
          step[j] -= f * dot * c[j];
        }
      }
      double stepNorm = norm(cos, step);
      if (stepNorm < tol) {
        break;
      }
      double cs = Math.cos(stepNorm);
      double sn = Math.sin(stepNorm) / stepNorm;
      for (int j = 0; j < m; j++) {
        c[j] = cs * c[j] + sn * step[j];
      }
      normalizeIfAbove(cos, c, tol);
    }
    return c;
  }

  /** The normalised mean of the unit vectors, or the first of them when that mean is below {@code tol}. */
  private double[] initialGuess(double[][] cos) {
    double[] c = new double[cos.length];
    Arrays.fill(c, 1.0 / cos.length);
    if (norm(cos, c) < tol) {
      double[] first = new double[cos.length];
      first[0] = 1;
      return first;
    }
    normalizeIfAbove(cos, c, 0);
    return c;
  }

  private static void normalizeIfAbove(double[][] cos, double[] c, double tol) {
    double norm = norm(cos, c);
    if (norm > tol) {
      for (int j = 0; j < c.length; j++) {
        c[j] /= norm;
      }
    }
  }

  /** ⟨Σ_j c_j u_j, u_i⟩. */
  private static double dot(double[][] cos, double[] c, int i) {
    double s = 0;
    for (int j = 0; j < c.length; j++) {
      s += c[j] * cos[j][i];
    }
    return s;
  }

  /** ‖Σ_j c_j u_j‖ (0 where rounding makes the square negative). */
  private static double norm(double[][] cos, double[] c) {
    double s = 0;
    for (int i = 0; i < c.length; i++) {
      s += c[i] * dot(cos, c, i);
    }
    return Math.sqrt(Math.max(0, s));
  }

  @Override
  void apply(float[] base, float[][] models, float[] out, int start, int stride, int count, double[] weights) {
    float[][] x = vectors(base, models);
    int end = start + stride * count;
    for (int i = start; i < end; i += stride) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += weights[j] == 0 ? 0 : weights[j] * x[j][i];
      }
      out[i] = (float) s;
    }
  }
}
