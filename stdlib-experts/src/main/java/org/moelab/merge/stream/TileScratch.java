package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;

/** One worker's arrays for merging tiles in {@link SinglePassMerge}, reused from chunk to chunk. */
final class TileScratch {
  final Bf16Pairs codec = new Bf16Pairs(SinglePassMerge.TILE);
  final int[] bits = new int[SinglePassMerge.TILE];
  final float[] natural = new float[SinglePassMerge.TILE];
  final short[] shorts = new short[SinglePassMerge.TILE];
  private ByteBuffer wordsOf;
  private IntBuffer words;
  final float[] base = new float[SinglePassMerge.TILE];
  final float[][] deltas;
  final float[] merged = new float[SinglePassMerge.TILE];
  final float[] probe = new float[SinglePassMerge.TILE];
  final float[][] above;
  final float[] thresholds;
  final boolean[] listing;
  final boolean[] counting;
  final float[] tie;
  final float[][] ties;
  /** The inputs of the chunk being merged: the base, then each model. */
  final InputRun[] inputs;

  TileScratch(int models) {
    deltas = new float[models][SinglePassMerge.TILE];
    above = new float[models][SinglePassMerge.TILE];
    thresholds = new float[models];
    listing = new boolean[models];
    counting = new boolean[models];
    tie = new float[models];
    ties = new float[models][SinglePassMerge.TILE];
    inputs = new InputRun[models + 1];
  }

  /** {@code out} viewed as little-endian 32-bit words (bf16 pairs). */
  IntBuffer words(ByteBuffer out) {
    if (wordsOf != out) {
      wordsOf = out;
      words = out.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(0).asIntBuffer();
    }
    return words;
  }

  void reset() {
    Arrays.fill(probe, 0f);
    for (float[] a : above) {
      Arrays.fill(a, 0f);
    }
    for (float[] a : ties) {
      Arrays.fill(a, 0f);
    }
  }
}
