package org.moelab.merge.stream;

import org.moelab.merge.plan.PlannedTensor;

/** Merges and writes the planned tensors of one streamed merge, one at a time, in plan order. */
interface TensorMerger extends AutoCloseable {
  /** Merges and writes {@code t} (its write may still be in flight: see {@link #drain}). */
  void merge(PlannedTensor t);

  /** Waits for the write in flight, if any; its failure surfaces here. */
  void drain();

  /** Waits for the last write and frees the buffers and threads. */
  @Override
  void close();
}
