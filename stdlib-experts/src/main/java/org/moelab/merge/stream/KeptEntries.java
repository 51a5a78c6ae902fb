package org.moelab.merge.stream;

import java.util.BitSet;

/**
 * One model's kept undecided elements (see {@link SinglePassMerge}) in one chunk, walked in index
 * order. Ordinals count the undecided elements of all chunks in order, as {@code kept} does; the
 * chunk's list holds ordinals {@code [firstOrdinal, firstOrdinal + list.size)}.
 */
final class KeptEntries {
  /** The chunk's undecided elements. */
  final UndecidedList list;
  private final BitSet kept;
  private final int firstOrdinal;
  private int ordinal;

  /**
   * The kept entries of {@code list}, whose first entry has ordinal {@code firstOrdinal}, by the
   * ordinals set in {@code kept} (null: none kept).
   */
  KeptEntries(UndecidedList list, BitSet kept, int firstOrdinal) {
    this.list = list;
    this.kept = kept;
    this.firstOrdinal = firstOrdinal;
    this.ordinal = firstOrdinal - 1;
    advance();
  }

  /** The tensor index of the current kept element, or {@link Integer#MAX_VALUE} when done. */
  int nextIndex() {
    return done() ? Integer.MAX_VALUE : list.index[entry()];
  }

  /** The current element's position in {@link #list}. */
  int entry() {
    return ordinal - firstOrdinal;
  }

  /** Moves to the next kept element. */
  void advance() {
    ordinal = kept == null ? -1 : kept.nextSetBit(ordinal + 1);
  }

  private boolean done() {
    return ordinal < 0 || ordinal >= firstOrdinal + list.size;
  }
}
