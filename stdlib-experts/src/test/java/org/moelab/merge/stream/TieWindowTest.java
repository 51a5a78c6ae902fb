package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Guessing where a tie group's kept elements end, and widening the guess to the truth. */
class TieWindowTest {
  @Test
  void widensJustEnoughToHoldTheCut() {
    // Ties per chunk 5 0 3 4 2: before chunk b there are 0 5 5 8 12 14 of them.
    long[] ties = {5, 0, 3, 4, 2};
    // 6 kept: chunks 0-1 keep all (5 ≤ 6), chunk 2 holds the cut (5 < 6 < 8).
    assertArrayEquals(new int[] {2, 3}, TieWindow.widen(ties, 6, 2, 3), "already holds it");
    assertArrayEquals(new int[] {2, 4}, TieWindow.widen(ties, 6, 3, 4), "window after the cut: starts earlier");
    assertArrayEquals(new int[] {0, 3}, TieWindow.widen(ties, 6, 0, 1), "window before the cut: ends later");
    // 8 kept: the cut falls on a chunk boundary (before chunk 3), an empty window there holds it.
    assertArrayEquals(new int[] {3, 3}, TieWindow.widen(ties, 8, 3, 3));
    // 5 kept: chunk 1 has no ties, so the window may start before or after it.
    assertArrayEquals(new int[] {2, 2}, TieWindow.widen(ties, 5, 2, 2));
    assertArrayEquals(new int[] {1, 2}, TieWindow.widen(ties, 5, 1, 2));
    assertArrayEquals(new int[] {0, 5}, TieWindow.widen(ties, 14, 0, 0), "all kept");
  }

  @Test
  void aGuessedTieThatIsNotTheThresholdIsRefused() {
    long[] ties = {5, 0, 3};
    assertNull(TieWindow.widen(ties, -1, 1, 2), "more above the tie than k");
    assertNull(TieWindow.widen(ties, 9, 1, 2), "fewer above and at the tie than k");
  }

  @Test
  void aHeavyTieAtTheQuantileGetsAWindowAroundItsCut() {
    // n = 64 runs of 1,024, every run sampled: magnitude 1 (a tenth of the elements, the tie), 2
    // above it (40 %), 0.5 below (half). Keeping 45 % keeps every 2 and half the ties: the cut is
    // at about the middle of the tensor.
    int runs = 64;
    int length = 1024;
    int[] sample = new int[runs * length];
    Random r = new Random(1);
    for (int i = 0; i < sample.length; i++) {
      double u = r.nextDouble();
      sample[i] = Float.floatToRawIntBits(u < 0.1 ? 1f : u < 0.5 ? 2f : 0.5f);
    }
    long n = sample.length;
    TieWindow w = TieWindow.of(sample, sample.length, runs, n, (long) (0.45 * n), Float.floatToRawIntBits(1f));
    assertNotNull(w);
    assertTrue(w.from() < n / 2 && n / 2 < w.to() && w.to() - w.from() < n / 4, w.toString());
    assertNull(TieWindow.of(sample, sample.length, runs, n, (long) (0.40 * n), Float.floatToRawIntBits(1f)),
        "the cut at the group's edge is not near certain");
    assertNull(TieWindow.of(sample, sample.length, runs, n, (long) (0.45 * n), Float.floatToRawIntBits(2f)),
        "not the group the threshold is in");
  }
}
