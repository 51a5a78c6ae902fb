package org.moelab.merge;

/**
 * Which elements a magnitude selection keeps, as a rule on each element's magnitude bits {@code b}
 * and, among elements of equal magnitude, its tie ordinal {@code t} (0 for the lowest index): keep
 * when {@code low < b < high}; when {@code b == low}, keep if {@code lowFrom ≤ t < lowTo}; when
 * {@code b == high}, keep if {@code t < highTo}. This expresses both the top-k of a stable
 * descending sort and a window of ranks of a stable ascending sort (ties ranked by index).
 *
 * @param low the bits of the smallest kept magnitude
 * @param lowFrom the first tie ordinal kept at {@code low}
 * @param lowTo the tie ordinal after the last kept at {@code low}
 * @param high the bits of the largest kept magnitude, or {@link #UNBOUNDED}
 * @param highTo the tie ordinal after the last kept at {@code high}
 */
record RankMask(long low, long lowFrom, long lowTo, long high, long highTo) {
  /** A {@code high} above every magnitude. */
  static final long UNBOUNDED = 1L << 32;
  /** Keeps nothing. */
  static final RankMask NONE = new RankMask(UNBOUNDED, 0, 0, UNBOUNDED, 0);
  /** Keeps everything. */
  static final RankMask ALL = new RankMask(0, 0, Long.MAX_VALUE, UNBOUNDED, 0);

  /** The {@code k} largest magnitudes of a vector, ties to the lower index; {@code ranks} found rank n − k. */
  static RankMask topK(MagnitudeRanks ranks, long n, long k) {
    long greater = n - ranks.below(0) - ranks.equal(0);
    return new RankMask(ranks.value(0), 0, k - greater, UNBOUNDED, 0);
  }

  /** Ascending ranks [lo, hi) (ties ranked by index); {@code ranks} found ranks lo and hi − 1. */
  static RankMask window(MagnitudeRanks ranks, long lo, long hi) {
    long belowLo = ranks.below(0);
    int vLo = ranks.value(0);
    int vHi = ranks.value(1);
    if (vLo == vHi) {
      return new RankMask(vLo, lo - belowLo, hi - belowLo, vLo, 0);
    }
    return new RankMask(vLo, lo - belowLo, Long.MAX_VALUE, vHi, hi - ranks.below(1));
  }

  /** A pass over a vector's elements in index order, counting ties. */
  Cursor cursor() {
    return new Cursor(this);
  }

  /** Applies the rule to consecutive blocks of one vector; not thread-safe. */
  static final class Cursor {
    private final long low;
    private final long lowFrom;
    private final long lowTo;
    private final long high;
    private final long highTo;
    private long lowTies;
    private long highTies;

    private Cursor(RankMask m) {
      low = m.low;
      lowFrom = m.lowFrom;
      lowTo = m.lowTo;
      high = m.high;
      highTo = m.highTo;
    }

    /** Zeroes the elements of {@code x[0, length)} the rule drops; they follow the previous block. */
    void mask(float[] x, int length) {
      for (int i = 0; i < length; i++) {
        x[i] = keep(x[i]) ? x[i] : 0f;
      }
    }

    /** The L1 norm the kept elements of {@code x[0, length)} add to {@code sum}, in index order. */
    double keptL1(float[] x, int length, double sum) {
      double s = sum;
      for (int i = 0; i < length; i++) {
        s += keep(x[i]) ? Math.abs(x[i]) : 0.0;
      }
      return s;
    }

    /** Whether the rule keeps {@code v}, the next element in index order (counts it when it ties). */
    boolean keep(float v) {
      long b = MagnitudeRanks.bits(v);
      if (b != low && b != high) {
        return b > low & b < high;
      }
      if (b == low) {
        long t = lowTies++;
        return t >= lowFrom && t < lowTo;
      }
      return highTies++ < highTo;
    }
  }
}
