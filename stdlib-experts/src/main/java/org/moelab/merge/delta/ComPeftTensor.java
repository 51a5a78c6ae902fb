package org.moelab.merge.delta;

import org.moelab.merge.MagnitudeTopK;

/**
 * ComPEFT of one task vector τ of {@code n} elements fed in consecutive blocks, so a tensor need not
 * be in memory whole: the in-memory {@link ComPeft#compress} is this with the whole vector as one
 * block. The magnitude top-k is found by {@link MagnitudeTopK} (two counting passes); γ needs the
 * mean of τ then its squared deviations ({@code "std"}, two passes, done alongside the counting) or
 * the kept |τ| (a third pass, after the threshold is known). Every sum runs in double in index
 * order, so the result does not depend on how τ is cut into blocks.
 *
 * <p>Protocol: for each of {@link #passes()} passes, {@link #observe} every block in index order,
 * then {@link #endPass}; then {@link #apply} every block in index order.
 */
public final class ComPeftTensor {
  private final long n;
  private final double alpha;
  private final ComPeft.Scale scale;
  private final MagnitudeTopK topK;
  private MagnitudeTopK.Cursor measured;
  private MagnitudeTopK.Cursor applied;
  private double sum;
  private double mean;
  private double squares;
  private long count;
  private float gamma;

  /** ComPEFT of a task vector of {@code n} elements (density in [0, 1]). */
  public ComPeftTensor(long n, double density, double alpha, ComPeft.Scale scale) {
    this.n = n;
    this.alpha = alpha;
    this.scale = scale;
    this.topK = MagnitudeTopK.of(n, density);
  }

  /** The passes over τ before {@link #apply}: 2 for {@code "std"}, the threshold's (0 or 2) + 1 for {@code "mean"}. */
  public int passes() {
    return scale == ComPeft.Scale.STD ? Math.max(2, topK.passes()) : topK.passes() + 1;
  }

  /** Pass {@code pass} over {@code tau[0, length)}, the next block in index order. */
  public void observe(int pass, float[] tau, int length) {
    if (pass < topK.passes()) {
      topK.observe(pass, tau, length);
    }
    if (scale == ComPeft.Scale.STD) {
      observeStd(pass, tau, length);
    } else if (pass == topK.passes()) {
      observeKept(tau, length);
    }
  }

  private void observeStd(int pass, float[] tau, int length) {
    if (pass == 0) {
      for (int i = 0; i < length; i++) {
        sum += tau[i];
      }
      return;
    }
    for (int i = 0; i < length; i++) {
      squares += (tau[i] - mean) * (tau[i] - mean);
    }
  }

  /** Sums the |τ| of the kept non-zero entries and counts them. */
  private void observeKept(float[] tau, int length) {
    measured = measured == null ? topK.cursor() : measured;
    for (int i = 0; i < length; i++) {
      float v = measured.keeps(tau[i]) ? tau[i] : 0f;
      if (v != 0) {
        sum += Math.abs(v);
        count++;
      }
    }
  }

  /** Ends pass {@code pass}. */
  public void endPass(int pass) {
    if (pass < topK.passes()) {
      topK.endPass(pass);
    }
    if (scale == ComPeft.Scale.STD && pass == 0) {
      mean = sum / n;
    }
    if (pass == passes() - 1) {
      gamma = (float) (alpha * statistic());
    }
  }

  /** std(τ) (unbiased; 0 for fewer than two values) or mean |kept τ| (0 when none is non-zero). */
  private double statistic() {
    if (scale == ComPeft.Scale.MEAN) {
      return count == 0 ? 0 : sum / count;
    }
    return n < 2 ? 0 : Math.sqrt(squares / (n - 1));
  }

  /**
   * Writes {@code out[i] = γ·sign(τ_i)} for kept entries and 0 elsewhere, plus {@code base[i]} when
   * {@code base} is not null, for the next block {@code tau[0, length)}; {@code out} may be {@code
   * tau} or {@code base}.
   */
  public void apply(float[] tau, float[] base, float[] out, int length) {
    applied = applied == null ? topK.cursor() : applied;
    float g = gamma;
    for (int i = 0; i < length; i++) {
      float kept = applied.keeps(tau[i]) ? tau[i] : 0f;
      float q = kept == 0 ? 0f : Math.signum(kept) * g;
      out[i] = base == null ? q : q + base[i];
    }
  }
}
