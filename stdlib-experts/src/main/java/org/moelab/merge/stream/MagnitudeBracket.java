package org.moelab.merge.stream;

/**
 * A guess, from a sample, of where the magnitude that separates a top-k selection lies: elements
 * whose magnitude bits are above {@code hiBits} are kept for sure, below {@code loBits} dropped for
 * sure, and those in between are undecided until all of them are seen. For non-negative floats the
 * bits order like the values. The guess is only a guess: {@link TopKResolution} finds out whether
 * the true threshold fell inside.
 *
 * @param loBits the smallest undecided magnitude's bits
 * @param hiBits the largest undecided magnitude's bits
 * @param sampleFraction the fraction of the sample that is undecided
 */
record MagnitudeBracket(int loBits, int hiBits, double sampleFraction) {
  /** Standard deviations of the sample quantile on each side of the estimate. */
  private static final double SIGMAS = 5.0;
  /** Extra sample ranks on each side, for small samples and correlated ones. */
  private static final int SLACK = 16;
  /** Magnitude bits per histogram bucket: 2^15, 1/256 of an octave. */
  private static final int BUCKET_SHIFT = 15;
  /** Above every finite magnitude. */
  private static final int INFINITY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

  /** The magnitude above which elements are kept for sure. */
  float hi() {
    return Float.intBitsToFloat(hiBits);
  }

  /**
   * The bracket of the {@code k} largest of {@code n} magnitudes from {@code sample[0, size)}, the
   * magnitude bits of a sample of them taken as {@code runs} contiguous runs of equal length: from
   * the start of the histogram bucket (the top 16 bits) holding the sample's rank q·size − Δ to the
   * end of the one holding rank q·size + Δ, q = 1 − k/n. Δ is {@link #SIGMAS} standard errors of
   * the rank: the larger of the binomial one, right for independent elements, and the batch-means
   * one (how much the fraction above the estimate varies from run to run), right when neighbouring
   * elements are alike, as rows of a weight matrix often are.
   */
  static MagnitudeBracket of(int[] sample, int size, int runs, long n, long k) {
    double q = (double) (n - k) / n;
    int rank = (int) Math.min(size - 1, Math.round(q * size));
    int[] counts = new int[1 << (31 - BUCKET_SHIFT)];
    for (int i = 0; i < size; i++) {
      counts[sample[i] >>> BUCKET_SHIFT]++;
    }
    double sigma = Math.max(Math.sqrt(size * q * (1 - q)), batchSigma(sample, size, runs, bucketOf(counts, rank)));
    int delta = (int) Math.ceil(SIGMAS * sigma) + SLACK;
    int loBucket = rank - delta <= 0 ? 0 : bucketOf(counts, rank - delta);
    int hiBucket = rank + delta >= size ? counts.length - 1 : bucketOf(counts, rank + delta);
    int inside = 0;
    for (int b = loBucket; b <= hiBucket; b++) {
      inside += counts[b];
    }
    int lo = loBucket << BUCKET_SHIFT;
    int hi = Math.min(INFINITY_BITS, ((hiBucket + 1) << BUCKET_SHIFT) - 1);
    return new MagnitudeBracket(lo, hi, (double) inside / size);
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
        above += (sample[i] >>> BUCKET_SHIFT) > bucket ? 1 : 0;
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
