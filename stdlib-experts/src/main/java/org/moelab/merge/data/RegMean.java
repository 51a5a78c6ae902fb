package org.moelab.merge.data;

import java.util.List;
import org.moelab.merge.MergeException;

/**
 * RegMean (Jin et al., "Dataless Knowledge Fusion by Merging Weights of Language Models") for one
 * linear layer y = x Wᵀ with W [out, in]: given each model's Gram G_i = X_iᵀ X_i [in, in] of the
 * layer's inputs, Wᵀ = (Σ_i G̃_i)⁻¹ Σ_i G̃_i W_iᵀ, where G̃_i keeps G_i's diagonal and scales its
 * off-diagonal entries by α (α = 1: exact least squares on the union of the inputs; α = 0: a
 * per-input-feature weighted mean). Solved by LU with partial pivoting in double precision, by
 * {@link RegMeanLayer}, which also merges a layer in pieces (out of core).
 */
public final class RegMean {
  private RegMean() {}

  /** The merged W [out, in] (row-major) of {@code weights} (each [out, in]) with Grams {@code grams} ([in, in]). */
  public static float[] merge(String name, int out, int in, List<float[]> weights, List<float[]> grams, double alpha) {
    if (weights.size() != grams.size() || weights.isEmpty()) {
      throw new MergeException("RegMean of '" + name + "' needs one Gram matrix per model, got " + weights.size()
          + " models and " + grams.size() + " Grams.");
    }
    RegMeanLayer layer = new RegMeanLayer(name, out, in, alpha);
    for (float[] g : grams) {
      layer.addGram(g, 0, in);
    }
    layer.factor();
    RegMeanBlock block = layer.block(0, out);
    for (int m = 0; m < weights.size(); m++) {
      block.addModel(grams.get(m), 0, in, weights.get(m));
    }
    return block.solve();
  }

  /**
   * Elements {@code [from, to)} of the mean of {@code tensors} into {@code out[from, to)}: how RegMean
   * merges tensors without a Gram (biases, norms, embeddings). Summed in f32 in model order, then
   * divided by the count.
   */
  public static void averageInto(List<float[]> tensors, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      float sum = 0;
      for (float[] t : tensors) {
        sum += t[i];
      }
      out[i] = sum / tensors.size();
    }
  }

  /** The Gram XᵀX [in, in] of inputs X [rows, in] (row-major), summed in double precision. */
  public static float[] gram(float[] x, int rows, int in) {
    double[] g = new double[in * in];
    for (int r = 0; r < rows; r++) {
      int row = r * in;
      for (int i = 0; i < in; i++) {
        double xi = x[row + i];
        if (xi == 0) {
          continue;
        }
        for (int j = 0; j < in; j++) {
          g[i * in + j] += xi * x[row + j];
        }
      }
    }
    float[] out = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      out[i] = (float) g[i];
    }
    return out;
  }
}
