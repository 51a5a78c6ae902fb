package org.moelab.merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tensor's task-arithmetic merge (mergekit's {@code generalized_task_arithmetic.py}) fed in
 * row blocks, so the tensor never has to be in memory whole: task vectors δ_i = θ_i − θ_base are
 * sparsified, weighted W_i = w_i δ_i, optionally filtered by sign consensus, summed, optionally
 * normalised by the (agreeing) weights, scaled by λ and added to the base.
 *
 * <p>Protocol: for each of {@link #passes()} statistics passes, {@link #observe} every block of
 * every model's task vector in index order, then {@link #endPass}; finally, block by block, {@link
 * #sparsify} each model's task vector and {@link #combine}. Calls for different models may run
 * concurrently, and {@link #combine} on disjoint ranges too; the result is bit-identical however
 * the tensor is blocked or split.
 */
public final class DeltaMerge {
  private static final int TILE = 1024;
  private static final int ONE_BITS = Float.floatToRawIntBits(1f);
  private final List<DeltaSparsifier> sparsifiers = new ArrayList<>();
  private final float[] weights;
  private final boolean consensus;
  private final boolean normalize;
  private final float lambda;
  private final SignElection election;
  private final float plainDivisor;

  private DeltaMerge(MergeMethod method, long[] shape, String name, List<ModelParams> params, MergeOptions options) {
    weights = new float[params.size()];
    float divisor = 0f;
    for (int m = 0; m < weights.length; m++) {
      weights[m] = (float) params.get(m).weight();
      divisor += weights[m];
      sparsifiers.add(DeltaSparsifier.of(method.sparsification(), shape, params.get(m), options, name, m));
    }
    plainDivisor = Math.abs(divisor) < 1e-8f ? 1f : divisor;
    consensus = method.consensus();
    normalize = options.normalize();
    lambda = (float) options.lambda();
    election = options.signElection();
  }

  /** The merge of tensor {@code name} of {@code shape} by a task-arithmetic {@code method}. */
  public static DeltaMerge of(MergeMethod method, String name, long[] shape, List<ModelParams> params,
      MergeOptions options) {
    if (!method.isTaskArithmetic()) {
      throw new IllegalArgumentException(method.configName() + " is not a task-arithmetic method");
    }
    return new DeltaMerge(method, shape, name, params, options);
  }

  /** Whether blocks must hold whole rows of the first axis and a vector must be one block (DELLA's ranks). */
  public static boolean needsWholeLines(MergeMethod method) {
    return method.sparsification() == Sparsification.DELLA_MAGPRUNE;
  }

  /** The number of statistics passes before the output pass (0 for elementwise methods). */
  public int passes() {
    int passes = 0;
    for (DeltaSparsifier s : sparsifiers) {
      passes = Math.max(passes, s.passes());
    }
    return passes;
  }

  /** Statistics pass {@code pass} over model {@code model}'s task vector {@code delta[0, length)} at {@code offset}. */
  public void observe(int pass, int model, float[] delta, int length, long offset) {
    DeltaSparsifier s = sparsifiers.get(model);
    if (pass < s.passes()) {
      s.observe(pass, delta, length, offset);
    }
  }

  /** Ends statistics pass {@code pass}. */
  public void endPass(int pass) {
    for (DeltaSparsifier s : sparsifiers) {
      if (pass < s.passes()) {
        s.endPass(pass);
      }
    }
  }

  /** Sparsifies model {@code model}'s task vector {@code delta[0, length)} at {@code offset} in place. */
  public void sparsify(int model, float[] delta, int length, long offset) {
    sparsifiers.get(model).apply(delta, length, offset);
  }

  /**
   * Writes {@code out[i] = base[i] + λ·mix(deltas[·][i])} for {@code i} in {@code [from, to)};
   * {@code out} may be {@code base}.
   */
  public void combine(float[] base, float[][] deltas, float[] out, int from, int to) {
    if (!consensus) {
      plain(base, deltas, out, from, to);
    } else if (election == SignElection.WEIGHTED_SUM) {
      weighted(base, deltas, out, from, to);
    } else {
      elected(base, deltas, out, from, to);
    }
  }

  private void plain(float[] base, float[][] deltas, float[] out, int from, int to) {
    float[] sum = new float[TILE];
    for (int start = from; start < to; start += TILE) {
      int length = Math.min(TILE, to - start);
      Arrays.fill(sum, 0f);
      for (int m = 0; m < weights.length; m++) {
        float w = weights[m];
        float[] d = deltas[m];
        for (int j = 0; j < length; j++) {
          sum[j] += w * d[start + j];
        }
      }
      for (int j = 0; j < length; j++) {
        finish(base, out, start + j, normalize ? sum[j] / plainDivisor : sum[j]);
      }
    }
  }

  /**
   * mergekit's default: elect on Σ w_i δ_i and judge agreement on w_i δ_i, a tile of elements at a
   * time, model by model, without data-dependent branches. With every sum finite, a term x = w·δ
   * agrees when t = max(x·s, 0) > 0 for the elected sign s (+1 when the sum is ≥ 0, as {@code total
   * >= 0f}); then t·s = x and min(t·2²⁰⁰, 1) = 1 exactly, and a disagreeing term adds ±0, which
   * changes nothing because the sums start at +0 and only −0 + −0 gives −0. A tile with a NaN or
   * infinite sum takes the exact scalar path of the other elections.
   */
  private void weighted(float[] base, float[][] deltas, float[] out, int from, int to) {
    float[] total = new float[TILE];
    float[] sum = new float[TILE];
    float[] divisor = new float[TILE];
    for (int start = from; start < to; start += TILE) {
      int length = Math.min(TILE, to - start);
      Arrays.fill(total, 0f);
      for (int m = 0; m < weights.length; m++) {
        accumulate(weights[m], deltas[m], start, length, total);
      }
      float probe = 0f;
      for (int j = 0; j < length; j++) {
        probe += total[j] * 0f;
        total[j] = Math.copySign(1f, total[j] + 0f);
      }
      if (probe != probe) {
        elected(base, deltas, out, start, start + length);
        continue;
      }
      Arrays.fill(sum, 0f);
      Arrays.fill(divisor, 0f);
      for (int m = 0; m < weights.length; m++) {
        agreeing(weights[m], deltas[m], start, length, total, sum, divisor);
      }
      for (int j = 0; j < length; j++) {
        int bits = Float.floatToRawIntBits(divisor[j]);
        int zero = ~((bits | -bits) >> 31);
        float d = Float.intBitsToFloat(bits | ONE_BITS & zero);
        finish(base, out, start + j, normalize ? sum[j] / d : sum[j]);
      }
    }
  }

  private static void accumulate(float w, float[] d, int start, int length, float[] total) {
    for (int j = 0; j < length; j++) {
      total[j] += w * d[start + j];
    }
  }

  /** Adds w·δ[start + j] to {@code sum[j]} and w to {@code divisor[j]} where its sign is {@code sign[j]}'s. */
  private static void agreeing(float w, float[] d, int start, int length, float[] sign, float[] sum,
      float[] divisor) {
    for (int j = 0; j < length; j++) {
      float t = Math.max(w * d[start + j] * sign[j], 0f);
      sum[j] += t * sign[j];
      divisor[j] += w * Math.min(t * 0x1p100f * 0x1p100f, 1f);
    }
  }

  /**
   * Element by element: elect on Σ w_i δ_i (judged on w_i δ_i), Σ δ_i (judged on δ_i) or Σ sign(w_i
   * δ_i) (judged on w_i δ_i).
   */
  private void elected(float[] base, float[][] deltas, float[] out, int from, int to) {
    float[] w = weights;
    boolean unweighted = election == SignElection.UNWEIGHTED_SUM;
    for (int i = from; i < to; i++) {
      float total = 0f;
      for (int m = 0; m < w.length; m++) {
        float d = deltas[m][i];
        total += switch (election) {
          case WEIGHTED_SUM -> w[m] * d;
          case UNWEIGHTED_SUM -> d;
          case COUNT -> Math.signum(w[m] * d);
        };
      }
      boolean positive = total >= 0f;
      float sum = 0f;
      float divisor = 0f;
      for (int m = 0; m < w.length; m++) {
        float weighted = w[m] * deltas[m][i];
        float judged = unweighted ? deltas[m][i] : weighted;
        if (positive ? judged > 0f : judged < 0f) {
          sum += weighted;
          divisor += w[m];
        }
      }
      mix(base, out, i, sum, divisor);
    }
  }

  private void mix(float[] base, float[] out, int i, float sum, float divisor) {
    finish(base, out, i, normalize ? sum / (divisor == 0f ? 1f : divisor) : sum);
  }

  private void finish(float[] base, float[] out, int i, float mixed) {
    out[i] = base[i] + (lambda != 1f ? mixed * lambda : mixed);
  }
}
