package org.moelab.merge;

/**
 * Magnitude sparsification: TIES keeps the {@code int(density·n)} largest |δ|; breadcrumbs keeps
 * the window of ascending ranks {@code [n − int(density·n) − int(gamma·n), n − int(gamma·n))}
 * (the top cut shrinks when the start would be negative). Pass 0 counts the high bits of |δ| (and
 * ‖δ‖₁ for L1 rescaling), pass 1 the low bits, pass 2 (L1 rescaling only) the kept norm.
 */
final class MagnitudeSparsifier extends DeltaSparsifier {
  private final MagnitudeRanks ranks;
  private final Finder finder;
  private final double density;
  private final MergeOptions options;
  private RankMask mask;
  private RankMask.Cursor applied;
  private RankMask.Cursor measured;

  /** Turns the ranks found into the mask. */
  private interface Finder {
    RankMask find(MagnitudeRanks ranks);
  }

  private MagnitudeSparsifier(MagnitudeRanks ranks, Finder finder, RankMask fixed, double density, MergeOptions options) {
    this.ranks = ranks;
    this.finder = finder;
    this.mask = fixed;
    this.density = density;
    this.options = options;
  }

  /** Keeps the {@code k} largest of {@code n} magnitudes (none when k ≤ 0). */
  static MagnitudeSparsifier topK(long n, long k, double density, MergeOptions options) {
    if (k <= 0 || k >= n) {
      return new MagnitudeSparsifier(null, null, k <= 0 ? RankMask.NONE : RankMask.ALL, density, options);
    }
    return new MagnitudeSparsifier(new MagnitudeRanks(n - k), r -> RankMask.topK(r, n, k), null, density, options);
  }

  /** Breadcrumbs' window: drop int(gamma·n) largest (fewer if density needs), keep int(density·n). */
  static MagnitudeSparsifier outliers(long n, double density, double gamma, MergeOptions options) {
    long target = (long) (density * n);
    long top = (long) (gamma * n);
    long bottom = n - target - top;
    if (bottom < 0) {
      top += bottom;
      bottom = 0;
    }
    long lo = bottom;
    long hi = n - top;
    if (lo >= hi) {
      return new MagnitudeSparsifier(null, null, RankMask.NONE, density, options);
    }
    return new MagnitudeSparsifier(new MagnitudeRanks(lo, hi - 1), r -> RankMask.window(r, lo, hi), null, density,
        options);
  }

  private boolean l1Rescale() {
    return options.rescale() && options.rescaleMode() == RescaleMode.L1;
  }

  @Override
  int passes() {
    int counting = ranks == null ? 0 : 2;
    return l1Rescale() ? counting + 1 : counting;
  }

  @Override
  void observe(int pass, float[] delta, int length, long offset) {
    if (pass == 0) {
      before = l1Rescale() ? l1(delta, length, before) : before;
    }
    if (mask != null) {
      measured = measured == null ? mask.cursor() : measured;
      after = measured.keptL1(delta, length, after);
    } else if (pass == 0) {
      ranks.countHigh(delta, length);
    } else {
      ranks.countLow(delta, length);
    }
  }

  @Override
  void endPass(int pass) {
    if (ranks == null) {
      return;
    }
    if (pass == 0) {
      ranks.chooseBuckets();
    } else if (pass == 1) {
      mask = finder.find(ranks);
    }
  }

  @Override
  void apply(float[] delta, int length, long offset) {
    applied = applied == null ? mask.cursor() : applied;
    applied.mask(delta, length);
    if (!options.rescale()) {
      return;
    }
    scale(delta, length, options.rescaleMode() == RescaleMode.DENSITY ? (float) (1.0 / density) : l1Factor());
  }
}
