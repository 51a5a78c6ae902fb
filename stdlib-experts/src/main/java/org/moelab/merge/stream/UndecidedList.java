package org.moelab.merge.stream;

import java.util.Arrays;

/**
 * The elements of one chunk of one task vector whose magnitude fell inside its {@link
 * MagnitudeBracket}, in index order: their tensor indices and the column each sits in (the base
 * and every model's task vector at that index), so that their magnitudes can be ranked and an
 * output recomputed later without reading the inputs again. The merge kernel appends to the arrays
 * directly (branch-free) after {@link #reserve}.
 */
final class UndecidedList {
  int[] index = new int[0];
  float[] base = new float[0];
  final float[][] deltas;
  int size;

  /** An empty list for a merge of {@code models} task vectors. */
  UndecidedList(int models) {
    deltas = new float[models][0];
  }

  /** Makes room for {@code more} appends. */
  void reserve(int more) {
    if (index.length < size + more) {
      int capacity = Math.max(size + more, index.length * 2);
      index = Arrays.copyOf(index, capacity);
      base = Arrays.copyOf(base, capacity);
      for (int m = 0; m < deltas.length; m++) {
        deltas[m] = Arrays.copyOf(deltas[m], capacity);
      }
    }
  }

  /** The magnitude bits of entry {@code e} of model {@code model}'s task vector. */
  int bits(int model, int e) {
    return Float.floatToRawIntBits(deltas[model][e]) & 0x7fffffff;
  }

  /**
   * Records the columns of entries {@code [from, size)}, appended from a tile starting at index
   * {@code at}: {@code base[j]} and {@code deltas[m][j]} at the tile's slot j for each, its offset
   * or, when {@code pairs} is not 0, its slot in the de-interleaved tile (see {@link Bf16Pairs}).
   */
  void recordColumns(int from, int at, int pairs, float[] tileBase, float[][] tileDeltas) {
    for (int e = from; e < size; e++) {
      int j = pairs == 0 ? index[e] - at : Bf16Pairs.slot(index[e] - at, pairs);
      base[e] = tileBase[j];
      for (int m = 0; m < deltas.length; m++) {
        deltas[m][e] = tileDeltas[m][j];
      }
    }
  }
}
