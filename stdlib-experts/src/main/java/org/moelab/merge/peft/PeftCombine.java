package org.moelab.merge.peft;

import java.util.ArrayList;
import java.util.List;
import org.moelab.merge.MergeException;
import org.moelab.merge.WholeTensorSparsify;

/**
 * PEFT's {@code merge_utils} on flat tensors, in f32 as PEFT computes: prune each tensor (magnitude
 * top-k, or DARE's random mask divided by density), then either the weighted sum Σ v_i t_i or TIES'
 * disjoint merge: elect s = +1 where Σ t_i ≥ 0 (or Σ sign t_i ≥ 0 for {@code frequency}) on the
 * pruned, unweighted tensors, keep t_i whose sign equals s (zeros never agree), and divide Σ v_i t_i
 * over the kept by their count (at least 1).
 */
final class PeftCombine {
  private PeftCombine() {}

  /**
   * Combines {@code tensors} with weights {@code v} by {@code type}; {@code name} keys DARE's masks
   * (with each tensor's position {@code models[i]} among all adapters).
   */
  static float[] combine(CombinationType type, List<float[]> tensors, double[] v, int[] models, String name,
      AdapterMergeOptions options) {
    List<float[]> pruned = new ArrayList<>();
    for (int i = 0; i < tensors.size(); i++) {
      pruned.add(prune(type, tensors.get(i), options, name, models[i]));
    }
    return type.rule() == CombinationType.Rule.DISJOINT ? disjoint(pruned, v, options.majoritySign())
        : weightedSum(pruned, v);
  }

  private static float[] prune(CombinationType type, float[] t, AdapterMergeOptions options, String name, int model) {
    if (type.prune() == CombinationType.Prune.NONE) {
      return t;
    }
    double density = options.density();
    if (Double.isNaN(density) || density < 0) {
      throw new MergeException(type.configName() + " needs density in [0, 1] (the fraction kept), got "
          + (Double.isNaN(density) ? "none" : density) + "; pass density = 0.5, say.");
    }
    return type.prune() == CombinationType.Prune.MAGNITUDE ? WholeTensorSparsify.magnitude(t, density)
        : WholeTensorSparsify.random(t, density, options.seed(), name, model);
  }

  static float[] weightedSum(List<float[]> tensors, double[] v) {
    float[] out = new float[tensors.get(0).length];
    for (int m = 0; m < tensors.size(); m++) {
      float w = (float) v[m];
      float[] t = tensors.get(m);
      for (int i = 0; i < out.length; i++) {
        out[i] += t[i] * w;
      }
    }
    return out;
  }

  private static float[] disjoint(List<float[]> tensors, double[] v, MajoritySign method) {
    int n = tensors.get(0).length;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      float votes = 0f;
      for (float[] t : tensors) {
        votes += method == MajoritySign.TOTAL ? t[i] : Math.signum(t[i]);
      }
      float majority = votes >= 0 ? 1f : -1f;
      float sum = 0f;
      int kept = 0;
      for (int m = 0; m < tensors.size(); m++) {
        float x = tensors.get(m)[i];
        if (Math.signum(x) == majority) {
          sum += x * (float) v[m];
          kept++;
        }
      }
      out[i] = sum / Math.max(kept, 1);
    }
    return out;
  }
}
