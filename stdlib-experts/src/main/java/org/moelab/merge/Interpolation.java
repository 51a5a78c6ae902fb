package org.moelab.merge;

/**
 * Spherical interpolation: mergekit's {@code slerp} (one vector per tensor, lerp when the
 * normalised dot exceeds 0.9995) and {@code nuslerp} (per row, per column or flattened; lerp when
 * sin θ is below 1e-8).
 */
final class Interpolation {
  private static final double DOT_THRESHOLD = 0.9995;
  private static final double NORM_EPS = 1e-8;

  private Interpolation() {}

  /** slerp from {@code v0} (t = 0) to {@code v1} (t = 1), the tensors taken as single vectors. */
  static float[] slerp(double t, float[] v0, float[] v1) {
    double n0 = norm(v0, Lines.flat(v0.length), 0);
    double n1 = norm(v1, Lines.flat(v1.length), 0);
    double s0n = n0 > NORM_EPS ? 1 / n0 : 1;
    double s1n = n1 > NORM_EPS ? 1 / n1 : 1;
    double dot = 0;
    for (int i = 0; i < v0.length; i++) {
      dot += (v0[i] * s0n) * (v1[i] * s1n);
    }
    if (Math.abs(dot) > DOT_THRESHOLD) {
      return combine(v0, v1, 1 - t, t);
    }
    double theta = Math.acos(dot);
    double sinTheta = Math.sin(theta);
    return combine(v0, v1, Math.sin(theta - theta * t) / sinTheta, Math.sin(theta * t) / sinTheta);
  }

  /** nuslerp of {@code v0} and {@code v1} (same shape) with the given vector layout. */
  static float[] nuslerp(double t, float[] v0, float[] v1, long[] shape, boolean rowWise, boolean flatten) {
    Lines lines = flatten || shape.length == 0 ? Lines.flat(v0.length) : Lines.along(shape, rowWise ? 0 : -1);
    float[] out = new float[v0.length];
    for (int line = 0; line < lines.count(); line++) {
      double n0 = Math.max(norm(v0, lines, line), 1e-7);
      double n1 = Math.max(norm(v1, lines, line), 1e-7);
      double cos = 0;
      for (int j = 0; j < lines.length(); j++) {
        int i = lines.index(line, j);
        cos += (v0[i] / n0) * (v1[i] / n1);
      }
      double theta = Math.acos(Math.max(-1, Math.min(1, cos)));
      double sin = Math.sin(theta);
      boolean colinear = Math.abs(sin) < NORM_EPS;
      double a = colinear ? 1 - t : Math.sin((1 - t) * theta) / sin;
      double b = colinear ? t : Math.sin(t * theta) / sin;
      for (int j = 0; j < lines.length(); j++) {
        int i = lines.index(line, j);
        out[i] = (float) (a * v0[i] + b * v1[i]);
      }
    }
    return out;
  }

  private static float[] combine(float[] v0, float[] v1, double a, double b) {
    float[] out = new float[v0.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (a * v0[i] + b * v1[i]);
    }
    return out;
  }

  static double norm(float[] v, Lines lines, int line) {
    double s = 0;
    for (int j = 0; j < lines.length(); j++) {
      double x = v[lines.index(line, j)];
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
