package org.moelab.merge;

/**
 * The {@code int(density·n)} largest magnitudes of one vector of {@code n} elements (ties to the
 * lower index), found while the vector is fed in consecutive blocks: the radix select of {@link
 * MagnitudeRanks} (two counting passes) turned into the {@link RankMask} that TIES' magnitude
 * sparsification uses, for methods outside the task-arithmetic family (ComPEFT) that need the same
 * selection in memory and streamed. Density ≥ 1 keeps everything, and so does {@code int(density·n)
 * ≥ n}; {@code int(density·n) ≤ 0} keeps nothing; neither needs a pass.
 *
 * <p>Protocol: for each of {@link #passes()} passes, {@link #observe} every block in index order,
 * then {@link #endPass}; then a {@link #cursor()} walks the blocks once more in index order.
 */
public final class MagnitudeTopK {
  private final MagnitudeRanks ranks;
  private final long n;
  private final long k;
  private RankMask mask;

  private MagnitudeTopK(MagnitudeRanks ranks, long n, long k, RankMask mask) {
    this.ranks = ranks;
    this.n = n;
    this.k = k;
    this.mask = mask;
  }

  /** The selection of the {@code int(density·n)} largest of {@code n} magnitudes. */
  public static MagnitudeTopK of(long n, double density) {
    long k = (long) (density * n);
    if (density >= 1 || k >= n) {
      return new MagnitudeTopK(null, n, k, RankMask.ALL);
    }
    if (k <= 0) {
      return new MagnitudeTopK(null, n, k, RankMask.NONE);
    }
    return new MagnitudeTopK(new MagnitudeRanks(n - k), n, k, null);
  }

  /** The counting passes needed before {@link #cursor()}: 2, or 0 when the answer is known. */
  public int passes() {
    return ranks == null ? 0 : 2;
  }

  /** Counting pass {@code pass} over {@code x[0, length)}, the next block in index order. */
  public void observe(int pass, float[] x, int length) {
    if (pass == 0) {
      ranks.countHigh(x, length);
    } else {
      ranks.countLow(x, length);
    }
  }

  /** Ends counting pass {@code pass}. */
  public void endPass(int pass) {
    if (pass == 0) {
      ranks.chooseBuckets();
    } else {
      mask = RankMask.topK(ranks, n, k);
    }
  }

  /** A walk over the vector's blocks in index order, after the passes. */
  public Cursor cursor() {
    if (mask == null) {
      throw new IllegalStateException("the magnitude threshold is not found yet: run the " + passes() + " passes");
    }
    return new Cursor(mask.cursor());
  }

  /** Decides, element by element in index order, which elements are kept; not thread-safe. */
  public static final class Cursor {
    private final RankMask.Cursor rule;

    private Cursor(RankMask.Cursor rule) {
      this.rule = rule;
    }

    /** Whether {@code v}, the vector's next element in index order, is kept. */
    public boolean keeps(float v) {
      return rule.keep(v);
    }
  }
}
