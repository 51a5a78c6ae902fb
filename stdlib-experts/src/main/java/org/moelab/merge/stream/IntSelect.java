package org.moelab.merge.stream;

/** Order statistics of an int array by quickselect (expected linear time), rearranging the array. */
final class IntSelect {
  private IntSelect() {}

  /** The value of 0-based ascending rank {@code rank} in {@code a[0, length)}; permutes that range. */
  static int select(int[] a, int length, int rank) {
    if (rank < 0 || rank >= length) {
      throw new IllegalArgumentException("rank " + rank + " outside 0.." + (length - 1));
    }
    int lo = 0;
    int hi = length - 1;
    while (lo < hi) {
      int pivot = median(a[lo], a[lo + (hi - lo) / 2], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          int t = a[i];
          a[i++] = a[j];
          a[j--] = t;
        }
      }
      if (rank <= j) {
        hi = j;
      } else if (rank >= i) {
        lo = i;
      } else {
        return a[rank];
      }
    }
    return a[lo];
  }

  private static int median(int a, int b, int c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
