package org.moelab.merge;

import java.util.List;

/**
 * Spherical interpolation of two vectors v0 (t = 0) and v1 (t = 1): mergekit's {@code slerp} (the
 * base and one model, the tensor as one vector, lerp when the normalised dot exceeds 0.9995) and
 * {@code nuslerp} (two models or, with a base, their task vectors; per row, per column or
 * flattened; lerp where sin θ is below 1e-8; the base added back). Both write a·v0 + b·v1 with
 * coefficients from ⟨v0, v0⟩, ⟨v1, v1⟩ and ⟨v0, v1⟩.
 */
final class Interpolation extends GramMerge {
  private static final double DOT_THRESHOLD = 0.9995;
  private static final double NORM_EPS = 1e-8;
  private final double t;
  private final boolean nu;

  private Interpolation(Lines lines, boolean minusBase, double t, boolean nu) {
    super(lines, 2, minusBase);
    this.t = t;
    this.nu = nu;
  }

  /** slerp from the base (t = 0) to the one model (t = 1) of a tensor of {@code size} elements. */
  static Interpolation slerp(String name, int models, int size, double t) {
    if (models != 1) {
      throw new MergeException("slerp merges the base with exactly one other model, got " + models
          + " for '" + name + "'; use nuslerp or karcher for more.");
    }
    return new Interpolation(Lines.flat(size), false, t, false);
  }

  /**
   * nuslerp of two models of {@code shape} ({@code size} elements), t = w_1/(w_0 + w_1) (0.5 when
   * the weights sum to about 0), with the vectors the options choose.
   */
  static Interpolation nuslerp(String name, long[] shape, int size, List<ModelParams> params, MergeOptions options,
      boolean hasBase) {
    if (params.size() != 2) {
      throw new MergeException("nuslerp merges exactly two models (plus an optional base), got "
          + params.size() + " for '" + name + "'.");
    }
    double w0 = params.get(0).weight();
    double w1 = params.get(1).weight();
    double t = Math.abs(w0 + w1) < 1e-6 ? 0.5 : w1 / (w0 + w1);
    Lines lines = options.nuslerpFlatten() || shape.length == 0 ? Lines.flat(size)
        : Lines.along(shape, options.nuslerpRowWise() ? 0 : -1);
    return new Interpolation(lines, hasBase, t, true);
  }

  @Override
  float[][] vectors(float[] base, float[][] models) {
    return nu ? new float[][] {models[0], models[1]} : new float[][] {base, models[0]};
  }

  @Override
  double[] coefficients(Gram gram) {
    return nu ? nuslerp(gram) : slerp(gram);
  }

  /** The tensors as single vectors, normalised; lerp when |cos θ| > 0.9995. */
  private double[] slerp(Gram gram) {
    double n0 = Math.sqrt(gram.dot(0, 0));
    double n1 = Math.sqrt(gram.dot(1, 1));
    double s0n = n0 > NORM_EPS ? 1 / n0 : 1;
    double s1n = n1 > NORM_EPS ? 1 / n1 : 1;
    double dot = gram.dot(0, 1) * s0n * s1n;
    if (Math.abs(dot) > DOT_THRESHOLD) {
      return new double[] {1 - t, t};
    }
    double theta = Math.acos(dot);
    double sinTheta = Math.sin(theta);
    return new double[] {Math.sin(theta - theta * t) / sinTheta, Math.sin(theta * t) / sinTheta};
  }

  /** Norms at least 1e-7, cos θ clamped to [−1, 1]; lerp where |sin θ| < 1e-8. */
  private double[] nuslerp(Gram gram) {
    double n0 = Math.max(Math.sqrt(gram.dot(0, 0)), 1e-7);
    double n1 = Math.max(Math.sqrt(gram.dot(1, 1)), 1e-7);
    double cos = gram.dot(0, 1) / (n0 * n1);
    double theta = Math.acos(Math.max(-1, Math.min(1, cos)));
    double sin = Math.sin(theta);
    boolean colinear = Math.abs(sin) < NORM_EPS;
    double a = colinear ? 1 - t : Math.sin((1 - t) * theta) / sin;
    double b = colinear ? t : Math.sin(t * theta) / sin;
    return new double[] {a, b};
  }

  @Override
  void apply(float[] base, float[][] models, float[] out, int start, int stride, int count, double[] coefficients) {
    double a = coefficients[0];
    double b = coefficients[1];
    int end = start + stride * count;
    if (!nu) {
      combine(base, models[0], a, b, out, start, stride, end);
    } else if (base == null) {
      combine(models[0], models[1], a, b, out, start, stride, end);
    } else {
      float[] v0 = models[0];
      float[] v1 = models[1];
      for (int i = start; i < end; i += stride) {
        float d0 = v0[i] - base[i];
        float d1 = v1[i] - base[i];
        out[i] = (float) (a * d0 + b * d1) + base[i];
      }
    }
  }

  private static void combine(float[] v0, float[] v1, double a, double b, float[] out, int start, int stride,
      int end) {
    for (int i = start; i < end; i += stride) {
      out[i] = (float) (a * v0[i] + b * v1[i]);
    }
  }
}
