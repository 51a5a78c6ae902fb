package org.moelab.merge.stream;

/** One worker's arrays for {@link SinglePassMerge}'s sample runs. */
final class RunScratch {
  final float[] base = new float[SinglePassMerge.SAMPLE_LENGTH];
  final float[] delta = new float[SinglePassMerge.SAMPLE_LENGTH];
  final short[] shorts = new short[SinglePassMerge.SAMPLE_LENGTH];
  final Bf16Pairs codec = new Bf16Pairs(SinglePassMerge.SAMPLE_LENGTH);
}
