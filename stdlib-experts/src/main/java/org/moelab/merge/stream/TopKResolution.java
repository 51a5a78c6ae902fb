package org.moelab.merge.stream;

import java.util.BitSet;
import java.util.List;

/**
 * Settles a speculative top-k selection once every element was seen: {@code above} elements lay
 * above the bracket (kept for sure), the undecided ones are listed in index order, the rest lay
 * below. The k largest magnitudes are kept, ties to the lower index, exactly as {@code
 * MagnitudeSparsifier} does; this decides which undecided elements that means, or reports that the
 * threshold fell outside the bracket.
 */
final class TopKResolution {
  private TopKResolution() {}

  /**
   * Which undecided elements of model {@code model}'s task vector (by position in the concatenation
   * of {@code lists}) are kept, or null when the k-th largest magnitude is not among them (the
   * bracket missed).
   */
  static BitSet resolve(long k, long above, List<UndecidedList> lists, int model) {
    long count = 0;
    for (UndecidedList l : lists) {
      count += l.size;
    }
    long needed = k - above;
    if (needed < 0 || needed > count) {
      return null;
    }
    int undecided = (int) count;
    BitSet kept = new BitSet(undecided);
    if (needed == 0) {
      return kept;
    }
    if (needed == undecided) {
      kept.set(0, undecided);
      return kept;
    }
    int[] bits = concat(lists, undecided, model);
    int threshold = largest(bits, (int) needed);
    long ties = needed;
    for (int b : bits) {
      ties -= b > threshold ? 1 : 0;
    }
    for (int i = 0; i < undecided; i++) {
      if (bits[i] > threshold || bits[i] == threshold && ties-- > 0) {
        kept.set(i);
      }
    }
    return kept;
  }

  /** Counting over the value range when it is small (it is a bracket's), quickselect otherwise. */
  private static final int MAX_COUNTED_RANGE = 1 << 20;

  /** The {@code needed}-th largest of {@code bits} (1-based). */
  static int largest(int[] bits, int needed) {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int b : bits) {
      min = Math.min(min, b);
      max = Math.max(max, b);
    }
    if ((long) max - min >= MAX_COUNTED_RANGE) {
      return IntSelect.select(bits.clone(), bits.length, bits.length - needed);
    }
    int[] counts = new int[max - min + 1];
    for (int b : bits) {
      counts[b - min]++;
    }
    int seen = 0;
    int v = counts.length - 1;
    while (seen + counts[v] < needed) {
      seen += counts[v--];
    }
    return v + min;
  }

  private static int[] concat(List<UndecidedList> lists, int count, int model) {
    int[] all = new int[count];
    int at = 0;
    for (UndecidedList l : lists) {
      for (int e = 0; e < l.size; e++) {
        all[at++] = l.bits(model, e);
      }
    }
    return all;
  }
}
