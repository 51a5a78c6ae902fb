package org.moelab.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The Karcher (Riemannian) mean on the sphere (mergekit's {@code karcher.py}): every model weighs
 * 1/N; the unit directions are averaged by fixed-point iteration (at most {@code maxIter} steps,
 * stopping when the tangent step is below {@code tol}), then scaled by the mean of the norms.
 */
final class Karcher {
  private Karcher() {}

  /** The Karcher mean of {@code tensors}. */
  static float[] merge(List<float[]> tensors, int maxIter, double tol) {
    int n = tensors.get(0).length;
    double alpha = 1.0 / tensors.size();
    List<double[]> units = new ArrayList<>();
    double scale = 0;
    for (float[] t : tensors) {
      double norm = norm(t);
      scale += alpha * norm;
      if (norm > tol) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
          u[i] = t[i] / norm;
        }
        units.add(u);
      }
    }
    if (units.isEmpty()) {
      return new float[n];
    }
    double[] u = initialGuess(units, tol);
    double a = 1.0 / units.size();
    for (int iter = 0; iter < maxIter; iter++) {
      double[] step = new double[n];
      for (double[] ui : units) {
        double dot = Math.max(-1, Math.min(1, dot(u, ui)));
        double theta = Math.acos(dot);
        if (theta < tol) {
          continue;
        }
        double f = a * theta / Math.sin(theta);
        for (int i = 0; i < n; i++) {
          step[i] += f * (ui[i] - dot * u[i]);
        }
      }
      double stepNorm = Math.sqrt(dot(step, step));
      if (stepNorm < tol) {
        break;
      }
      double c = Math.cos(stepNorm);
      double s = Math.sin(stepNorm) / stepNorm;
      for (int i = 0; i < n; i++) {
        u[i] = c * u[i] + s * step[i];
      }
      normalizeIfAbove(u, tol);
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (scale * u[i]);
    }
    return out;
  }

  private static double[] initialGuess(List<double[]> units, double tol) {
    int n = units.get(0).length;
    double[] u = new double[n];
    double a = 1.0 / units.size();
    for (double[] ui : units) {
      for (int i = 0; i < n; i++) {
        u[i] += a * ui[i];
      }
    }
    if (Math.sqrt(dot(u, u)) < tol) {
      return units.get(0).clone();
    }
    normalizeIfAbove(u, 0);
    return u;
  }

  private static void normalizeIfAbove(double[] u, double tol) {
    double norm = Math.sqrt(dot(u, u));
    if (norm > tol) {
      for (int i = 0; i < u.length; i++) {
        u[i] /= norm;
      }
    }
  }

  private static double norm(float[] t) {
    double s = 0;
    for (float v : t) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
