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
  /** Above every finite magnitude. */
  private static final int INFINITY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);

  /** The magnitude above which elements are kept for sure. */
  float hi() {
    return Float.intBitsToFloat(hiBits);
  }

  /**
   * The bracket of the {@code k} largest of {@code n} magnitudes from {@code sample[0, size)}, the
   * magnitude bits of a sample of them (rearranged).
   */
  static MagnitudeBracket of(int[] sample, int size, long n, long k) {
    double q = (double) (n - k) / n;
    int rank = (int) Math.min(size - 1, Math.round(q * size));
    int delta = (int) Math.ceil(SIGMAS * Math.sqrt(size * q * (1 - q))) + SLACK;
    int lo = rank - delta <= 0 ? 0 : IntSelect.select(sample, 0, size, rank - delta);
    int from = Math.max(0, rank - delta);
    int hi = rank + delta >= size ? INFINITY_BITS : IntSelect.select(sample, from, size, rank + delta);
    long width = (long) hi - lo + 1;
    int inside = 0;
    for (int i = 0; i < size; i++) {
      inside += (int) ((((sample[i] - lo) & 0xFFFFFFFFL) - width) >>> 63);
    }
    return new MagnitudeBracket(lo, hi, (double) inside / size);
  }
}
