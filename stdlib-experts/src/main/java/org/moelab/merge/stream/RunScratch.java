package org.moelab.merge.stream;

import java.nio.ByteBuffer;

/** One worker's arrays for {@link SinglePassMerge}'s sample runs. */
final class RunScratch {
  final float[] base = new float[SinglePassMerge.SAMPLE_LENGTH];
  final float[] delta = new float[SinglePassMerge.SAMPLE_LENGTH];
  final short[] shorts = new short[SinglePassMerge.SAMPLE_LENGTH];
  final Bf16Pairs codec = new Bf16Pairs(SinglePassMerge.SAMPLE_LENGTH);
  /** A run of the widest floating dtype (f64). */
  final ByteBuffer buffer = ByteBuffer.allocateDirect(SinglePassMerge.SAMPLE_LENGTH * Double.BYTES);
}
