package org.moelab.merge.delta;

import org.moelab.merge.linalg.LinearMap;
import org.moelab.merge.linalg.Matrix;
import org.moelab.merge.linalg.TruncatedSvd;

/**
 * Delta-CoMe-style mixed-precision delta compression (Ping et al. 2024, "Delta-CoMe: Training-Free
 * Delta-Compression with Mixed-Precision for Large Language Models"), data-free.
 *
 * <p>A 2-D task vector Δ [m, n] is factored Δ = U Σ Vᵀ (singular values descending, {@link
 * TruncatedSvd} in double precision). The singular triplets are split into consecutive groups of
 * sizes {@code ranks} (triplets beyond their sum are dropped; the sum is clipped to min(m, n)), group
 * g quantised with {@code bits[g]} bits: every column of U_g and of V_g separately, by asymmetric
 * min–max round-to-nearest with a zero point on 2^b levels ({@link #quantize}); 1 bit is
 * sign·mean|x|, a width of 0 drops the group. Σ is kept in f32. The result is Δ̂ = Σ_g Û_g
 * diag(σ_g) V̂_gᵀ, rounded to f32.
 *
 * <p>The paper quantises the singular vectors with GPTQ against calibration data; this is plain
 * round-to-nearest on GPTQ's usual grid (asymmetric min–max with a zero point), with no data.
 * Singular values at or below 1e-6 of the largest count as zero (with their vectors), as {@link TruncatedSvd} sets them. The language's {@code delta_come}
 * defaults to ranks [2, 32, 64] with bits [8, 3, 2].
 */
public final class DeltaCoMe {
  /** The widest bit width accepted. */
  public static final int MAX_BITS = 16;

  private DeltaCoMe() {}

  /**
   * The compressed task vector {@code delta} [rows, cols] (row-major), groups {@code ranks} with
   * widths {@code bits} (same length; ranks ≥ 0, bits in 0..{@value #MAX_BITS}).
   */
  public static float[] compress(float[] delta, int rows, int cols, int[] ranks, int[] bits) {
    check(delta, rows, cols, ranks, bits);
    int k = Math.min(usedRank(ranks, bits), Math.min(rows, cols));
    double[] out = new double[rows * cols];
    if (k > 0) {
      TruncatedSvd svd = TruncatedSvd.of(LinearMap.dense(Matrix.ofFloats(rows, cols, delta)), k);
      int start = 0;
      for (int g = 0; g < ranks.length && start < k; g++) {
        int end = (int) Math.min(k, (long) start + ranks[g]);
        if (bits[g] > 0) {
          for (int c = start; c < end; c++) {
            addTriplet(out, svd, c, bits[g]);
          }
        }
        start = end;
      }
    }
    float[] result = new float[out.length];
    for (int i = 0; i < out.length; i++) {
      result[i] = (float) out[i];
    }
    return result;
  }

  /**
   * One tensor of a model: base + compressed (model − base) for a 2-D {@code shape} (the difference
   * and the sum in f32), or compressed {@code model} when {@code base} is null; tensors of any other
   * rank (biases, norms) are returned unchanged.
   */
  public static float[] compressTensor(float[] model, float[] base, long[] shape, int[] ranks, int[] bits) {
    if (shape.length != 2) {
      return model;
    }
    float[] delta = model;
    if (base != null) {
      delta = new float[model.length];
      for (int i = 0; i < delta.length; i++) {
        delta[i] = model[i] - base[i];
      }
    }
    return compressDelta(delta, base, shape, ranks, bits);
  }

  /**
   * base + compressed {@code delta} for a 2-D {@code shape} (the sum in f32), or compressed {@code
   * delta} when {@code base} is null: {@link #compressTensor} once the task vector is formed (the
   * streamed edit reads it so, model − base in f32, straight from the files).
   */
  public static float[] compressDelta(float[] delta, float[] base, long[] shape, int[] ranks, int[] bits) {
    float[] out = compress(delta, Math.toIntExact(shape[0]), Math.toIntExact(shape[1]), ranks, bits);
    for (int i = 0; base != null && i < out.length; i++) {
      out[i] += base[i];
    }
    return out;
  }

  /**
   * {@code x} quantised with {@code bits} bits. For b ≥ 2, asymmetric min–max round-to-nearest on
   * 2^b levels, as GPTQ's quantiser does: the range [min, max] of x, widened to contain 0 (GPTQ's
   * min(min, 0), max(max, 0); without it a one-signed column gets z clamped to an edge and its
   * codes saturate), scale s = (max − min) / (2^b − 1), zero point z = round-half-even(−min / s)
   * clamped to [0, 2^b − 1], code q = round-half-even(x / s) + z clamped to [0, 2^b − 1], x̂ = (q −
   * z)·s; a constant x (all entries equal, all-zero included) is returned exactly.
   * For b = 1, sign(x)·mean|x| (sign(0) = 0): a min–max grid of 2 levels has z ∈ {0, 1}, so one of
   * its levels is 0 and the entries of one sign all vanish — it would lose the sign structure, which
   * is all a 1-bit vector carries. For b = 0, zeros. The b ≥ 2 grid is odd (q(−x) = −q(x)) only
   * up to ties and rounding in the zero point, not by construction, so the result may depend on the
   * sign of a singular pair; {@link TruncatedSvd} fixes that sign.
   */
  public static double[] quantize(double[] x, int bits) {
    double[] out = new double[x.length];
    if (bits == 1) {
      return signTimesMeanAbs(x);
    }
    if (bits == 0 || x.length == 0) {
      return out;
    }
    double min = x[0];
    double max = x[0];
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (max == min) {
      return x.clone();
    }
    min = Math.min(min, 0);
    max = Math.max(max, 0);
    double top = (1L << bits) - 1;
    double scale = (max - min) / top;
    double zero = Math.max(0, Math.min(top, Math.rint(-min / scale)));
    for (int i = 0; i < x.length; i++) {
      double q = Math.max(0, Math.min(top, Math.rint(x[i] / scale) + zero));
      out[i] = (q - zero) * scale;
    }
    return out;
  }

  /** sign(x)·mean|x| (sign(0) = 0): the 1-bit quantiser. */
  private static double[] signTimesMeanAbs(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += Math.abs(v);
    }
    mean = x.length == 0 ? 0 : mean / x.length;
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.signum(x[i]) * mean;
    }
    return out;
  }

  /**
   * The size in bits of the compressed form of an [rows, cols] tensor: per kept triplet (after
   * clipping, in a group of width b &gt; 0) (rows + cols)·b bits of codes, two b-bit zero points and
   * two f32 scales (its u and v columns; no zero points at b = 1) and its f32 singular value. Compare with 32·rows·cols for f32 (16· for bf16).
   */
  public static long storageBits(int rows, int cols, int[] ranks, int[] bits) {
    check(null, rows, cols, ranks, bits);
    long limit = Math.min(rows, cols);
    long start = 0;
    long total = 0;
    for (int g = 0; g < ranks.length && start < limit; g++) {
      long end = Math.min(limit, start + ranks[g]);
      if (bits[g] > 0) {
        long zeros = bits[g] == 1 ? 0 : 2;
        total += (end - start) * ((rows + cols + zeros) * bits[g] + 3L * Float.SIZE);
      }
      start = end;
    }
    return total;
  }

  /** Adds σ_c·û_c v̂_cᵀ to {@code out}, σ_c rounded to f32. */
  private static void addTriplet(double[] out, TruncatedSvd svd, int c, int bits) {
    double sigma = (float) svd.s()[c];
    if (sigma == 0) {
      return;
    }
    int rows = svd.u().rows();
    int cols = svd.vh().cols();
    double[] u = new double[rows];
    for (int i = 0; i < rows; i++) {
      u[i] = svd.u().get(i, c);
    }
    double[] v = new double[cols];
    for (int j = 0; j < cols; j++) {
      v[j] = svd.vh().get(c, j);
    }
    double[] uq = quantize(u, bits);
    double[] vq = quantize(v, bits);
    for (int i = 0; i < rows; i++) {
      double a = sigma * uq[i];
      if (a == 0) {
        continue;
      }
      int row = i * cols;
      for (int j = 0; j < cols; j++) {
        out[row + j] += a * vq[j];
      }
    }
  }

  /** The number of leading triplets a non-zero width uses (up to the end of the last such group). */
  private static int usedRank(int[] ranks, int[] bits) {
    long sum = 0;
    long used = 0;
    for (int g = 0; g < ranks.length; g++) {
      sum += ranks[g];
      used = bits[g] > 0 ? sum : used;
    }
    return (int) Math.min(Integer.MAX_VALUE, used);
  }

  private static void check(float[] delta, int rows, int cols, int[] ranks, int[] bits) {
    if (rows < 0 || cols < 0 || (delta != null && delta.length != (long) rows * cols)) {
      throw new IllegalArgumentException("a " + rows + " x " + cols + " task vector, got "
          + (delta == null ? 0 : delta.length) + " values");
    }
    if (ranks.length != bits.length) {
      throw new IllegalArgumentException(ranks.length + " ranks but " + bits.length + " bit widths");
    }
    for (int g = 0; g < ranks.length; g++) {
      if (ranks[g] < 0 || bits[g] < 0 || bits[g] > MAX_BITS) {
        throw new IllegalArgumentException("group " + g + ": rank " + ranks[g] + ", bits " + bits[g]);
      }
    }
  }
}
