package org.moelab.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The task-arithmetic family (mergekit's {@code generalized_task_arithmetic.py}): task vectors
 * δ_i = θ_i − θ_base are sparsified, weighted W_i = w_i δ_i, optionally filtered by sign
 * consensus, summed, optionally normalised by the (agreeing) weights, scaled by λ and added to
 * the base.
 */
final class TaskArithmetic {
  private TaskArithmetic() {}

  /** Merges one tensor by {@code method}; {@code params.get(i)} belongs to {@code in.models().get(i)}. */
  static float[] merge(MergeMethod method, TensorInputs in, List<ModelParams> params, MergeOptions options) {
    float[] base = in.base();
    int n = base.length;
    List<float[]> deltas = new ArrayList<>();
    for (int m = 0; m < in.models().size(); m++) {
      float[] model = in.models().get(m);
      float[] delta = new float[n];
      for (int i = 0; i < n; i++) {
        delta[i] = model[i] - base[i];
      }
      Sparsify.apply(method.sparsification(), delta, in.shape(), params.get(m), options, in.name(), m);
      deltas.add(delta);
    }
    float[] weights = new float[deltas.size()];
    for (int m = 0; m < weights.length; m++) {
      weights[m] = (float) params.get(m).weight();
    }
    float[] out = new float[n];
    float lambda = (float) options.lambda();
    for (int i = 0; i < n; i++) {
      float mixed = method.consensus()
          ? consensusMix(deltas, weights, i, options)
          : plainMix(deltas, weights, i, options.normalize());
      out[i] = base[i] + (lambda != 1f ? mixed * lambda : mixed);
    }
    return out;
  }

  private static float plainMix(List<float[]> deltas, float[] weights, int i, boolean normalize) {
    float sum = 0f;
    float divisor = 0f;
    for (int m = 0; m < weights.length; m++) {
      sum += weights[m] * deltas.get(m)[i];
      divisor += weights[m];
    }
    if (Math.abs(divisor) < 1e-8f) {
      divisor = 1f;
    }
    return normalize ? sum / divisor : sum;
  }

  private static float consensusMix(List<float[]> deltas, float[] weights, int i, MergeOptions options) {
    float majority = electedSign(deltas, weights, i, options.signElection());
    boolean unweighted = options.signElection() == SignElection.UNWEIGHTED_SUM;
    float sum = 0f;
    float divisor = 0f;
    for (int m = 0; m < weights.length; m++) {
      float weighted = weights[m] * deltas.get(m)[i];
      float judged = unweighted ? deltas.get(m)[i] : weighted;
      if (Math.signum(judged) == majority) {
        sum += weighted;
        divisor += weights[m];
      }
    }
    if (divisor == 0f) {
      divisor = 1f;
    }
    return options.normalize() ? sum / divisor : sum;
  }

  /** +1 or −1: the sign of the elected sum (a zero sum elects +, as mergekit's {@code >= 0}). */
  private static float electedSign(List<float[]> deltas, float[] weights, int i, SignElection election) {
    float total = 0f;
    for (int m = 0; m < weights.length; m++) {
      float d = deltas.get(m)[i];
      total += switch (election) {
        case WEIGHTED_SUM -> weights[m] * d;
        case UNWEIGHTED_SUM -> d;
        case COUNT -> Math.signum(weights[m] * d);
      };
    }
    return total >= 0f ? 1f : -1f;
  }
}
