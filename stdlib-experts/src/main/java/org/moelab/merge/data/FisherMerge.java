package org.moelab.merge.data;

import java.util.List;
import org.moelab.merge.MergeException;

/**
 * Fisher merging (Matena &amp; Raffel, "Merging Models with Fisher-Weighted Averaging"): per element,
 * θ = Σ_i w_i F̂_i θ_i / Σ_i w_i F̂_i with F̂_i = max(F_i, floor) the diagonal Fisher of model i. The
 * floor (their {@code fisher_floor}, 1e-6) keeps elements no model's data touched from dividing by
 * zero; with floor 0 such an element falls back to Σ w_i θ_i / Σ w_i.
 */
public final class FisherMerge {
  private FisherMerge() {}

  /** The merge of {@code params} weighted by {@code fishers} (same sizes) and {@code weights}. */
  public static float[] merge(String name, List<float[]> params, List<float[]> fishers, double[] weights,
      double floor) {
    if (params.size() != fishers.size() || params.size() != weights.length || params.isEmpty()) {
      throw new MergeException("Fisher merging of '" + name + "' needs one Fisher and one weight per model, got "
          + params.size() + " models, " + fishers.size() + " Fishers and " + weights.length + " weights.");
    }
    float[] out = new float[params.get(0).length];
    mergeInto(params, fishers, weights, floor, out, 0, out.length);
    return out;
  }

  /**
   * Merges elements {@code [from, to)} of {@code params} (one array per model, with {@code fishers}
   * and {@code weights} alike) into {@code out[from, to)}. Each element depends only on the inputs
   * at its index, so a tensor merged a block at a time, or by several threads on disjoint ranges,
   * equals the tensor merged whole.
   */
  public static void mergeInto(List<float[]> params, List<float[]> fishers, double[] weights, double floor,
      float[] out, int from, int to) {
    double weightSum = 0;
    for (double w : weights) {
      weightSum += w;
    }
    for (int i = from; i < to; i++) {
      double num = 0;
      double den = 0;
      double plain = 0;
      for (int m = 0; m < params.size(); m++) {
        double f = Math.max(fishers.get(m)[i], floor) * weights[m];
        num += f * params.get(m)[i];
        den += f;
        plain += weights[m] * params.get(m)[i];
      }
      out[i] = (float) (den != 0 ? num / den : plain / weightSum);
    }
  }

  /** The empirical diagonal Fisher from gradients: the mean over {@code grads} of g² per element. */
  public static float[] fromGradients(List<float[]> grads) {
    if (grads.isEmpty()) {
      throw new MergeException("fisher_from_grads needs at least one gradient.");
    }
    int n = grads.get(0).length;
    double[] sum = new double[n];
    for (float[] g : grads) {
      if (g.length != n) {
        throw new MergeException("fisher_from_grads: gradients of " + n + " and " + g.length
            + " values; every gradient must have the parameter's shape.");
      }
      for (int i = 0; i < n; i++) {
        sum[i] += (double) g[i] * g[i];
      }
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (sum[i] / grads.size());
    }
    return out;
  }
}
