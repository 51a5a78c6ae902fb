package org.moelab.merge.stream;

import java.util.BitSet;

/**
 * One model's kept undecided elements (see {@link SinglePassMerge}) in chunks {@code [firstChunk,
 * endChunk)}, walked in index order; ordinals count the undecided elements of all chunks, as
 * {@code kept} does.
 */
final class KeptEntries {
  private final UndecidedList[] lists;
  private final BitSet kept;
  private final int endOrdinal;
  private int chunk;
  private int offset;
  private int ordinal;
  UndecidedList list;

  KeptEntries(UndecidedList[] lists, BitSet kept, int firstChunk, int endChunk) {
    this.lists = lists;
    this.kept = kept;
    int end = 0;
    for (int c = 0; c < endChunk; c++) {
      end += lists[c].size;
      if (c < firstChunk) {
        offset += lists[c].size;
      }
    }
    this.endOrdinal = end;
    this.chunk = firstChunk;
    this.ordinal = offset - 1;
    advance();
  }

  /** The tensor index of the current kept element, or {@link Integer#MAX_VALUE} when done. */
  int nextIndex() {
    return list == null ? Integer.MAX_VALUE : list.index[entry()];
  }

  /** The current element's position in {@link #list}. */
  int entry() {
    return ordinal - offset;
  }

  /** Moves to the next kept element. */
  void advance() {
    ordinal = kept == null ? -1 : kept.nextSetBit(ordinal + 1);
    if (ordinal < 0 || ordinal >= endOrdinal) {
      list = null;
      return;
    }
    while (ordinal - offset >= lists[chunk].size) {
      offset += lists[chunk].size;
      chunk++;
    }
    list = lists[chunk];
  }
}
