package org.moelab.merge.stream;

/**
 * A guess, from a sample, of where the magnitude that separates a top-k selection lies: elements
 * whose magnitude bits are above {@code hiBits} are kept for sure, below {@code loBits} dropped for
 * sure, and those in between are undecided until all of them are seen. For non-negative floats the
 * bits order like the values. When the threshold is near certainly one magnitude held by many
 * elements (lo = hi), only the ties in a window of indices are undecided, {@code [listFrom,
 * listTo)}: those before it are kept and those after it dropped (see {@link TieWindow}); otherwise
 * the window is the whole tensor. The guess is only a guess: {@link TopKResolution} finds out
 * whether the true threshold fell inside.
 *
 * @param loBits the smallest undecided magnitude's bits
 * @param hiBits the largest undecided magnitude's bits
 * @param sampleFraction the estimated fraction of the elements that are undecided
 * @param listFrom the first index at which an element inside the bracket is undecided
 * @param listTo the index from which elements inside the bracket are dropped
 */
record MagnitudeBracket(int loBits, int hiBits, double sampleFraction, long listFrom, long listTo) {
  /** Standard deviations of the sample quantile on each side of the estimate. */
  private static final double SIGMAS = 5.0;
  /** Extra sample ranks on each side, for small samples and correlated ones. */
  private static final int SLACK = 16;
  /** Magnitude bits per histogram bucket: 2^15, 1/256 of an octave. */
  private static final int BUCKET_SHIFT = 15;
  /** Above every finite magnitude. */
  private static final int INFINITY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

  /** Whether only the ties in a window of the {@code n} indices are undecided (see {@link TieWindow}). */
  boolean windowed(long n) {
    return listFrom > 0 || listTo < n;
  }

  /**
   * The bracket of the {@code k} largest of {@code n} magnitudes from {@code sample[0, size)}, the
   * magnitude bits of a sample of them taken as {@code runs} contiguous runs of equal length (at
   * {@link TieWindow#runStart}). When the sample's value at rank q·size, q = 1 − k/n, is a tie group
   * that {@link TieWindow} finds the threshold in, that value alone with its window; otherwise from
   * the sample's value at rank q·size − Δ to the one at q·size + Δ, over the whole tensor. Δ is
   * {@link #SIGMAS} standard errors of the rank: the larger of the binomial one, right for
   * independent elements, and the batch-means one (how much the fraction above the estimate varies
   * from run to run), right when neighbouring elements are alike, as rows of a weight matrix often
   * are. {@code windows} false asks for the latter in every case.
   */
  static MagnitudeBracket of(int[] sample, int size, int runs, long n, long k, boolean windows) {
    // Magnitude bits are non-negative ints: the counts below are sign bits of differences, branch-free.
    double q = (double) (n - k) / n;
    int rank = (int) Math.min(size - 1, Math.round(q * size));
    int[] counts = histogram(sample, size);
    if (windows) {
      int estimate = valueAt(sample, size, counts, rank);
      TieWindow window = TieWindow.of(sample, size, runs, n, k, estimate);
      if (window != null) {
        double listed = window.tieFraction() * (window.to() - window.from()) / n;
        return new MagnitudeBracket(estimate, estimate, listed, window.from(), window.to());
      }
    }
    double sigma = Math.max(Math.sqrt(size * q * (1 - q)), batchSigma(sample, size, runs, bucketOf(counts, rank)));
    int delta = (int) Math.ceil(SIGMAS * sigma) + SLACK;
    int lo = rank - delta <= 0 ? 0 : valueAt(sample, size, counts, rank - delta);
    int hi = rank + delta >= size ? INFINITY_BITS : valueAt(sample, size, counts, rank + delta);
    int inside = 0;
    for (int i = 0; i < size; i++) {
      inside += ~((sample[i] - lo) | (hi - sample[i])) >>> 31;
    }
    return new MagnitudeBracket(lo, hi, (double) inside / size, 0, n);
  }

  /** The sample's value of 0-based ascending rank {@code rank}, found in its histogram bucket. */
  private static int valueAt(int[] sample, int size, int[] counts, int rank) {
    int bucket = bucketOf(counts, rank);
    int below = 0;
    for (int b = 0; b < bucket; b++) {
      below += counts[b];
    }
    int[] members = new int[counts[bucket]];
    int m = 0;
    for (int i = 0; i < size; i++) {
      if (sample[i] >>> BUCKET_SHIFT == bucket) {
        members[m++] = sample[i];
      }
    }
    return IntSelect.select(members, m, rank - below);
  }

  /**
   * Counts of {@code sample[0, size)} per bucket (top 16 magnitude bits), kept in four interleaved
   * copies while counting: a sample's values cluster in few buckets, and one array would make each
   * increment wait for the previous one's store.
   */
  private static int[] histogram(int[] sample, int size) {
    int buckets = 1 << (31 - BUCKET_SHIFT);
    int[] ways = new int[4 * buckets];
    int i = 0;
    for (; i + 3 < size; i += 4) {
      ways[sample[i] >>> BUCKET_SHIFT]++;
      ways[buckets + (sample[i + 1] >>> BUCKET_SHIFT)]++;
      ways[2 * buckets + (sample[i + 2] >>> BUCKET_SHIFT)]++;
      ways[3 * buckets + (sample[i + 3] >>> BUCKET_SHIFT)]++;
    }
    for (; i < size; i++) {
      ways[sample[i] >>> BUCKET_SHIFT]++;
    }
    int[] counts = new int[buckets];
    for (int b = 0; b < buckets; b++) {
      counts[b] = ways[b] + ways[buckets + b] + ways[2 * buckets + b] + ways[3 * buckets + b];
    }
    return counts;
  }

  /**
   * The standard error, in sample ranks, of the number of sampled magnitudes above bucket {@code
   * bucket}, from the spread of that fraction over the {@code runs} runs (batch means); 0 for a
   * single run.
   */
  static double batchSigma(int[] sample, int size, int runs, int bucket) {
    if (runs < 2) {
      return 0;
    }
    int length = size / runs;
    double[] fractions = new double[runs];
    double mean = 0;
    for (int r = 0; r < runs; r++) {
      int above = 0;
      for (int i = r * length; i < (r + 1) * length; i++) {
        above += (bucket - (sample[i] >>> BUCKET_SHIFT)) >>> 31;
      }
      fractions[r] = (double) above / length;
      mean += fractions[r] / runs;
    }
    double squares = 0;
    for (double f : fractions) {
      squares += (f - mean) * (f - mean);
    }
    return Math.sqrt(squares / (runs - 1) / runs) * size;
  }

  /** The bucket holding 0-based ascending rank {@code rank}. */
  private static int bucketOf(int[] counts, int rank) {
    int below = 0;
    int b = 0;
    while (below + counts[b] <= rank) {
      below += counts[b++];
    }
    return b;
  }
}
