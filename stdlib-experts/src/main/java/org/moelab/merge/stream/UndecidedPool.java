package org.moelab.merge.stream;

import java.util.Arrays;

/**
 * Undecided lists kept from tensor to tensor, so that a merge allocates their arrays once (at the
 * size its largest tensor needs) instead of per tensor, which keeps the heap, and so the resident
 * set, from growing with garbage. Not thread-safe: one per merge.
 */
final class UndecidedPool {
  private UndecidedList[][] lists = new UndecidedList[0][];

  /** Empty lists for {@code models} task vectors of {@code chunks} chunks each, reusing earlier ones. */
  UndecidedList[][] take(int models, int chunks) {
    if (lists.length != models) {
      lists = new UndecidedList[models][0];
    }
    UndecidedList[][] taken = new UndecidedList[models][chunks];
    for (int m = 0; m < models; m++) {
      if (lists[m].length < chunks) {
        lists[m] = Arrays.copyOf(lists[m], chunks);
      }
      for (int c = 0; c < chunks; c++) {
        if (lists[m][c] == null) {
          lists[m][c] = new UndecidedList(models);
        }
        lists[m][c].size = 0;
        taken[m][c] = lists[m][c];
      }
    }
    return taken;
  }
}
