package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Settling a speculative top-k by hand-worked cases, and the selection under it against a sort. */
class TopKResolutionTest {
  @Test
  void keepsTheLargestUndecidedWithTiesToTheLowerIndex() {
    // Two kept above the bracket; the undecided magnitudes are 3 7 | 5 7 7 (two chunks, index
    // order). k = 5 needs 3 of them: the three 7s, at positions 1, 3 and 4.
    BitSet kept = TopKResolution.resolve(5, 2, List.of(list(3, 7), list(5, 7, 7)), 0);
    assertEquals(BitSet.valueOf(new long[] {0b11010}), kept);
    // k = 4 needs 2 of them: the 7s at positions 1 and 3 (ties to the lower index).
    assertEquals(BitSet.valueOf(new long[] {0b01010}), TopKResolution.resolve(4, 2, List.of(list(3, 7), list(5, 7, 7)), 0));
    // k = 6 needs 4: the three 7s and the 5.
    assertEquals(BitSet.valueOf(new long[] {0b11110}), TopKResolution.resolve(6, 2, List.of(list(3, 7), list(5, 7, 7)), 0));
  }

  @Test
  void reportsAMissWhenTheThresholdLiesOutsideTheBracket() {
    assertNull(TopKResolution.resolve(1, 2, List.of(list(3, 4)), 0), "more above the bracket than k");
    assertNull(TopKResolution.resolve(5, 2, List.of(list(3, 4)), 0), "too few above and inside");
    assertEquals(new BitSet(), TopKResolution.resolve(2, 2, List.of(list(3, 4)), 0));
    BitSet all = new BitSet();
    all.set(0, 2);
    assertEquals(all, TopKResolution.resolve(4, 2, List.of(list(3, 4)), 0));
  }

  @Test
  void selectionAgreesWithSorting() {
    Random r = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(300);
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = r.nextInt(trial % 2 == 0 ? 10 : Integer.MAX_VALUE);
      }
      int[] sorted = a.clone();
      Arrays.sort(sorted);
      int rank = r.nextInt(n);
      assertEquals(sorted[rank], IntSelect.select(a.clone(), n, rank));
    }
  }

  @Test
  void theNeededLargestAgreesWithSortingByCountsAndBySelection() {
    Random r = new Random(9);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(400);
      int[] a = new int[n];
      int base = r.nextInt(1 << 30);
      for (int i = 0; i < n; i++) {
        a[i] = trial % 2 == 0 ? base + r.nextInt(50) : r.nextInt(Integer.MAX_VALUE);
      }
      int[] sorted = a.clone();
      Arrays.sort(sorted);
      int needed = 1 + r.nextInt(n);
      assertEquals(sorted[n - needed], TopKResolution.largest(a, needed));
    }
  }

  private static UndecidedList list(int... bits) {
    UndecidedList l = new UndecidedList(1);
    l.reserve(bits.length);
    for (int b : bits) {
      l.index[l.size] = l.size;
      l.deltas[0][l.size++] = Float.intBitsToFloat(b);
    }
    return l;
  }
}
