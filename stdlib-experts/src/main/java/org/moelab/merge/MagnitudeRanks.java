package org.moelab.merge;

/**
 * Order statistics of magnitudes over a task vector seen in blocks, without sorting or copying: a
 * two-pass radix select on the bits of {@code |x|} (non-negative floats order like their bit
 * patterns). Pass one counts the high 16 bits; pass two counts the low 16 bits inside the buckets
 * that hold the requested ranks. Counts are exact, so the result does not depend on the blocking.
 */
final class MagnitudeRanks {
  private static final int BUCKETS = 1 << 16;
  private final long[] ranks;
  private final int[] high = new int[BUCKETS];
  private final int[] bucket;
  private final long[] belowBucket;
  private final int[][] low;

  /** Prepares to find the magnitudes of ascending 0-based ranks {@code ranks}. */
  MagnitudeRanks(long... ranks) {
    this.ranks = ranks.clone();
    this.bucket = new int[ranks.length];
    this.belowBucket = new long[ranks.length];
    this.low = new int[ranks.length][];
  }

  /** Pass one over {@code x[0, length)}. */
  void countHigh(float[] x, int length) {
    int[] h = high;
    for (int i = 0; i < length; i++) {
      h[bits(x[i]) >>> 16]++;
    }
  }

  /** Ends pass one: picks each rank's bucket. */
  void chooseBuckets() {
    for (int r = 0; r < ranks.length; r++) {
      long below = 0;
      int b = 0;
      while (below + high[b] <= ranks[r]) {
        below += high[b++];
      }
      bucket[r] = b;
      belowBucket[r] = below;
      low[r] = r > 0 && bucket[r - 1] == b ? low[r - 1] : new int[BUCKETS];
    }
  }

  /** Pass two over {@code x[0, length)}. */
  void countLow(float[] x, int length) {
    if (ranks.length == 1 || bucket[0] == bucket[ranks.length - 1]) {
      countLow(x, length, bucket[0], low[0]);
      return;
    }
    for (int r = 0; r < ranks.length; r++) {
      if (r == 0 || bucket[r] != bucket[r - 1]) {
        countLow(x, length, bucket[r], low[r]);
      }
    }
  }

  private static void countLow(float[] x, int length, int bucket, int[] counts) {
    for (int i = 0; i < length; i++) {
      int b = bits(x[i]);
      if (b >>> 16 == bucket) {
        counts[b & 0xffff]++;
      }
    }
  }

  /** After pass two: the bits of the magnitude of rank {@code ranks[r]}. */
  int value(int r) {
    return bucket[r] << 16 | lowIndex(r);
  }

  /** After pass two: how many magnitudes are strictly below {@link #value(int) value(r)}. */
  long below(int r) {
    int[] counts = low[r];
    long below = belowBucket[r];
    int l = lowIndex(r);
    for (int j = 0; j < l; j++) {
      below += counts[j];
    }
    return below;
  }

  /** After pass two: how many magnitudes equal {@link #value(int) value(r)}. */
  long equal(int r) {
    return low[r][lowIndex(r)];
  }

  private int lowIndex(int r) {
    int[] counts = low[r];
    long below = belowBucket[r];
    int l = 0;
    while (below + counts[l] <= ranks[r]) {
      below += counts[l++];
    }
    return l;
  }

  /** The bits of {@code |v|}, which order like the magnitudes (NaN above infinity). */
  static int bits(float v) {
    return Float.floatToRawIntBits(v) & 0x7fffffff;
  }
}
