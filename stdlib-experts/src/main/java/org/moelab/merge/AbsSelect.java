package org.moelab.merge;

/**
 * Order statistics of magnitudes without sorting or copying: a two-pass radix select over the
 * bits of {@code |x|} (non-negative floats order like their bit patterns), and masks that keep a
 * window of ranks with ties broken by index, as a stable sort would.
 */
final class AbsSelect {
  private AbsSelect() {}

  /** The magnitude of rank {@code r} (0-based, ascending) among {@code |x[i]|}. */
  static float kthSmallestAbs(float[] x, long r) {
    assert r >= 0 && r < x.length : "rank " + r + " outside [0, " + x.length + ")";
    int[] hist = new int[1 << 16];
    for (float v : x) {
      hist[bits(v) >>> 16]++;
    }
    long below = 0;
    int high = 0;
    while (below + hist[high] <= r) {
      below += hist[high++];
    }
    java.util.Arrays.fill(hist, 0);
    for (float v : x) {
      int b = bits(v);
      if (b >>> 16 == high) {
        hist[b & 0xffff]++;
      }
    }
    int low = 0;
    while (below + hist[low] <= r) {
      below += hist[low++];
    }
    return Float.intBitsToFloat(high << 16 | low);
  }

  /**
   * Marks the elements whose rank in the stable descending order of magnitude is below {@code k}:
   * the {@code k} largest, ties to the lower index.
   */
  static boolean[] topK(float[] x, int k) {
    boolean[] keep = new boolean[x.length];
    if (k <= 0) {
      return keep;
    }
    if (k >= x.length) {
      java.util.Arrays.fill(keep, true);
      return keep;
    }
    int threshold = bits(kthSmallestAbs(x, x.length - k));
    int greater = 0;
    for (float v : x) {
      greater += bits(v) > threshold ? 1 : 0;
    }
    int equalsLeft = k - greater;
    for (int i = 0; i < x.length; i++) {
      int b = bits(x[i]);
      if (b > threshold) {
        keep[i] = true;
      } else if (b == threshold && equalsLeft > 0) {
        keep[i] = true;
        equalsLeft--;
      }
    }
    return keep;
  }

  /**
   * Marks the elements whose rank in the stable ascending order of magnitude lies in {@code [lo,
   * hi)}; ties are ranked by index.
   */
  static boolean[] ascendingWindow(float[] x, int lo, int hi) {
    boolean[] keep = new boolean[x.length];
    if (lo >= hi) {
      return keep;
    }
    int vLo = bits(kthSmallestAbs(x, lo));
    int vHi = bits(kthSmallestAbs(x, hi - 1));
    int rankLo = countBelow(x, vLo);
    int rankHi = vHi == vLo ? rankLo : countBelow(x, vHi);
    for (int i = 0; i < x.length; i++) {
      int b = bits(x[i]);
      if (b > vLo && b < vHi) {
        keep[i] = true;
      } else if (b == vLo) {
        keep[i] = rankLo >= lo && rankLo < hi;
        rankLo++;
      } else if (b == vHi) {
        keep[i] = rankHi >= lo && rankHi < hi;
        rankHi++;
      }
    }
    return keep;
  }

  private static int countBelow(float[] x, int threshold) {
    int n = 0;
    for (float v : x) {
      n += bits(v) < threshold ? 1 : 0;
    }
    return n;
  }

  /** The bits of {@code |v|}, which order like the magnitudes (NaN above infinity). */
  static int bits(float v) {
    return Float.floatToRawIntBits(v) & 0x7fffffff;
  }
}
