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
    Tile tile = Tile.current(weights.length);
    float[] sum = tile.sum;
    for (int start = from; start < to; start += TILE) {
      int length = Math.min(TILE, to - start);
      Arrays.fill(sum, 0f);
      for (int m = 0; m < weights.length; m++) {
        accumulate(weights[m], tile.of(deltas[m], m, start, length), length, sum);
      }
      if (normalize) {
        divide(sum, plainDivisor, length);
      }
      finish(tile.of(base, weights.length, start, length), sum, length, out, start);
    }
  }

  /**
   * mergekit's default: elect on Σ w_i δ_i and judge agreement on w_i δ_i, a tile of elements at a
   * time, model by model, with no data-dependent branch and only operations the JIT vectorises
   * (products, sums, min and max, every array indexed alike). For a sum that is not NaN, s =
   * min(max(total·2²⁰⁰ + 1, −1), 1) is the elected sign (+1 for total ≥ 0, −0 included, as
   * mergekit's {@code sign >= 0}); a term x = w·δ agrees when x·s > 0, and its {@link #indicator}
   * a = [x·s > 0] is then exactly 1, so x·a = x and w·a = w are added, while a disagreeing term adds
   * ±0, which changes nothing because the sums start at +0 and only −0 + −0 gives −0 (an infinite
   * term that disagrees would add ∞·0 = NaN, but it makes the sum NaN anyway). A divisor d is
   * replaced by d + (1 − min(|d|·2²⁰⁰, 1)): itself unless it is 0 (it never is −0), then 1. A tile
   * with a NaN sum takes the exact scalar path of the other elections.
   */
  private void weighted(float[] base, float[][] deltas, float[] out, int from, int to) {
    Tile tile = Tile.current(weights.length);
    for (int start = from; start < to; start += TILE) {
      int length = Math.min(TILE, to - start);
      float[][] d = new float[weights.length][];
      for (int m = 0; m < weights.length; m++) {
        d[m] = tile.of(deltas[m], m, start, length);
      }
      Arrays.fill(tile.sign, 0f);
      for (int m = 0; m < weights.length; m++) {
        accumulate(weights[m], d[m], length, tile.sign);
      }
      if (elect(tile.sign, length)) {
        agreeAndFinish(tile, d, tile.of(base, weights.length, start, length), length, out, start);
      } else {
        elected(base, deltas, out, start, start + length);
      }
    }
  }

  /**
   * The rest of {@link #weighted} once {@code tile.sign} holds the elected signs: sums the agreeing
   * weighted terms of {@code d} and writes the tile's outputs from {@code out[start]}.
   */
  private void agreeAndFinish(Tile tile, float[][] d, float[] base, int length, float[] out, int start) {
    Arrays.fill(tile.sum, 0f);
    Arrays.fill(tile.divisor, 0f);
    for (int m = 0; m < weights.length; m++) {
      agreeing(weights[m], d[m], length, tile.sign, tile.sum, tile.divisor);
    }
    if (normalize) {
      divideByAgreeingAndFinish(base, tile.sum, tile.divisor, length, out, start);
    } else {
      finish(base, tile.sum, length, out, start);
    }
  }

  /**
   * {@link #combine} of {@code [0, length)} after keeping of each model's task vector, in place, only
   * the elements whose magnitude exceeds {@code above[m]}, times {@code scale[m]}, and adding 1 to
   * {@code kept[m][j]} for each kept element j; a model whose {@code above[m]} is negative keeps its
   * task vector as it is and counts nothing. The same result as sparsifying first and combining,
   * with the sparsification folded into the first pass of the combination (for the plain sum and
   * the default sign election; {@code length} at most one tile).
   *
   * <p>Values that are not finite are not taken apart here (as {@link #combine} does, element by
   * element): a term that is NaN at element j when an input there (base or model) is not finite or
   * a sum overflows is added to {@code probe[j]}, and the caller must then discard the outputs and
   * merge another way. The term is each weighted sum times 0 (an input that is not finite is always
   * kept, so it makes its sum infinite or NaN, whatever its weight), or under elections other than
   * the default each kept task vector times 0.
   */
  public void combineAbove(float[] base, float[][] deltas, float[] above, float[] scale, float[][] kept, float[] out,
      float[] probe, int length) {
    if (length > TILE || consensus && election != SignElection.WEIGHTED_SUM) {
      for (int m = 0; m < weights.length; m++) {
        if (above[m] >= 0) {
          keepAbove(deltas[m], length, finite(above[m]), scale[m], kept[m]);
        }
        probe(deltas[m], probe, length);
      }
      combine(base, deltas, out, 0, length);
      return;
    }
    Tile tile = Tile.current(weights.length);
    float[] total = consensus ? tile.sign : tile.sum;
    Arrays.fill(total, 0f);
    for (int m = 0; m < weights.length; m++) {
      if (above[m] >= 0) {
        keepAndAccumulate(weights[m], deltas[m], length, finite(above[m]), scale[m], kept[m], total);
      } else {
        accumulate(weights[m], deltas[m], length, total);
      }
    }
    if (!consensus) {
      probe(total, probe, length);
      if (normalize) {
        divide(total, plainDivisor, length);
      }
      finish(base, total, length, out, 0);
    } else {
      electProbed(total, probe, length);
      agreeAndFinish(tile, deltas, base, length, out, 0);
    }
  }

  /**
   * Keeps (times {@code scale}) the elements of {@code d} above {@code above} and zeroes the rest,
   * counting the kept in {@code kept}; branch-free: for finite x, min(max(|x| − above, 0)·2²⁰⁰, 1)
   * is 1 when |x| &gt; above and 0 otherwise.
   */
  private static void keepAbove(float[] d, int length, float above, float scale, float[] kept) {
    for (int j = 0; j < length; j++) {
      float k = indicator(Math.abs(d[j]) - above);
      kept[j] += k;
      d[j] *= k * scale;
    }
  }

  /** {@link #keepAbove} and then {@link #accumulate} in one loop. */
  private static void keepAndAccumulate(float w, float[] d, int length, float above, float scale, float[] kept,
      float[] total) {
    for (int j = 0; j < length; j++) {
      float k = indicator(Math.abs(d[j]) - above);
      kept[j] += k;
      float x = d[j] * (k * scale);
      d[j] = x;
      total[j] += w * x;
    }
  }

  /** Turns the sums in {@code total[0, length)} into elected signs; false if a sum is NaN. */
  private static boolean elect(float[] total, int length) {
    for (int j = 0; j < length; j++) {
      total[j] = sign(total[j]);
    }
    float p0 = 0f;
    float p1 = 0f;
    float p2 = 0f;
    float p3 = 0f;
    int j = 0;
    for (; j + 3 < length; j += 4) {
      p0 += total[j];
      p1 += total[j + 1];
      p2 += total[j + 2];
      p3 += total[j + 3];
    }
    for (; j < length; j++) {
      p0 += total[j];
    }
    return !Float.isNaN(p0 + p1 + p2 + p3);
  }

  /** Turns the sums in {@code total[0, length)} into elected signs, adding each sum times 0 to {@code probe}. */
  private static void electProbed(float[] total, float[] probe, int length) {
    for (int j = 0; j < length; j++) {
      float t = total[j];
      probe[j] += t * 0f;
      total[j] = sign(t);
    }
  }

  /** Adds {@code x[j]·0} to {@code probe[j]}: NaN once an x[j] is not finite. */
  private static void probe(float[] x, float[] probe, int length) {
    for (int j = 0; j < length; j++) {
      probe[j] += x[j] * 0f;
    }
  }

  /**
   * 1 for y &gt; 0 and 0 for y ≤ 0 (NaN for NaN, and for −∞, since −∞ + ∞ is NaN), exactly: y + |y|
   * is 2y or +0, and times 2²⁰⁰ at least 1 when positive, however small y is (+∞ when 2y
   * overflows). One min instead of a max and a min: each is several vector instructions under
   * Java's NaN and −0 rules, abs and add are one each.
   */
  private static float indicator(float y) {
    return Math.min((y + Math.abs(y)) * 0x1p100f * 0x1p100f, 1f);
  }

  /**
   * A keep threshold that is never +∞, so that |x| − threshold is never −∞ for a finite x (see
   * {@link #indicator}): +∞ becomes the largest float, above which no finite element lies either.
   */
  private static float finite(float above) {
    return Math.min(above, Float.MAX_VALUE);
  }

  /** The elected sign of a sum (see {@link #weighted}): 1 for total ≥ 0 (−0 included), −1 below, NaN for NaN. */
  private static float sign(float total) {
    return Math.min(Math.max(total * 0x1p100f * 0x1p100f + 1f, -1f), 1f);
  }

  private static void accumulate(float w, float[] d, int length, float[] total) {
    for (int j = 0; j < length; j++) {
      total[j] += w * d[j];
    }
  }

  /**
   * Adds w·δ[j] to {@code sum[j]} and w to {@code divisor[j]} where its sign is {@code sign[j]}'s
   * (see {@link #weighted} for why the other elements leave both as they are).
   */
  private static void agreeing(float w, float[] d, int length, float[] sign, float[] sum, float[] divisor) {
    for (int j = 0; j < length; j++) {
      float x = w * d[j];
      float agrees = indicator(x * sign[j]);
      sum[j] += x * agrees;
      divisor[j] += w * agrees;
    }
  }

  private static void divide(float[] sum, float divisor, int length) {
    for (int j = 0; j < length; j++) {
      sum[j] /= divisor;
    }
  }

  /**
   * {@link #finish} of {@code sum[j]} divided by its agreeing weights {@code divisor[j]}, in one
   * loop: a divisor d is replaced by d + (1 − min(|d|·2²⁰⁰, 1)) (itself unless it is 0, then 1), and
   * x·λ is x itself when λ = 1, so the result is the same as dividing, scaling and adding apart.
   */
  private void divideByAgreeingAndFinish(float[] base, float[] sum, float[] divisor, int length, float[] out,
      int start) {
    float l = lambda;
    for (int j = 0; j < length; j++) {
      float d = divisor[j];
      sum[j] = sum[j] / (d + (1f - Math.min(Math.abs(d) * 0x1p100f * 0x1p100f, 1f))) * l + base[j];
    }
    System.arraycopy(sum, 0, out, start, length);
  }

  /** Writes {@code out[start + j] = base[j] + λ·mixed[j]} for j in [0, length); {@code mixed} is overwritten. */
  private void finish(float[] base, float[] mixed, int length, float[] out, int start) {
    if (lambda != 1f) {
      for (int j = 0; j < length; j++) {
        mixed[j] *= lambda;
      }
    }
    for (int j = 0; j < length; j++) {
      mixed[j] += base[j];
    }
    System.arraycopy(mixed, 0, out, start, length);
  }

  /**
   * One tile's working arrays. The JIT vectorises a loop only when its arrays are indexed alike, so
   * a tile of an input that does not start at index 0 is first copied to the start of an array.
   */
  private static final class Tile {
    private static final ThreadLocal<Tile> CURRENT = new ThreadLocal<>();
    final float[] sign = new float[TILE];
    final float[] sum = new float[TILE];
    final float[] divisor = new float[TILE];
    private final float[][] copies;

    private Tile(int models) {
      copies = new float[models + 1][];
    }

    /** This thread's tile for {@code models} models (reused: combine calls do not nest). */
    static Tile current(int models) {
      Tile tile = CURRENT.get();
      if (tile == null || tile.copies.length != models + 1) {
        tile = new Tile(models);
        CURRENT.set(tile);
      }
      return tile;
    }

    /** {@code a[start, start + length)} at index 0: {@code a} itself when start is 0, else copy {@code slot}. */
    float[] of(float[] a, int slot, int start, int length) {
      if (start == 0) {
        return a;
      }
      if (copies[slot] == null) {
        copies[slot] = new float[TILE];
      }
      System.arraycopy(a, start, copies[slot], 0, length);
      return copies[slot];
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
    float mixed = normalize ? sum / (divisor == 0f ? 1f : divisor) : sum;
    out[i] = base[i] + (lambda != 1f ? mixed * lambda : mixed);
  }
}
