package org.moelab.merge.stream;

import java.util.List;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorSource;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.plan.PlannedTensor;

/**
 * What the streamers of merges other than mergekit's (data-aware merges, task-vector edits) share:
 * worker threads, reusable block buffers, encoded writes of their outputs, and the mergekit
 * streamer for the tensors a plan copies (integer tensors, planned as passthrough).
 */
abstract class BlockMerger implements TensorMerger {
  final List<TensorSource> sources;
  final StreamLimits limits;
  final Workers workers;
  final BlockBuffers buffers;
  final EncodedWrites output;
  private final TensorMerger copies;

  BlockMerger(List<TensorSource> sources, ShardedWriter writer, StreamLimits limits) {
    this.sources = sources;
    this.limits = limits;
    this.workers = new Workers(limits.threads());
    this.buffers = new BlockBuffers(sources, workers);
    this.copies = TensorWork.MERGEKIT.open(sources, writer, limits);
    this.output = new EncodedWrites(writer);
  }

  @Override
  public final void merge(PlannedTensor t) {
    if (t.method() == MergeMethod.PASSTHROUGH) {
      copies.merge(t);
      copies.drain();
    } else {
      compute(t);
    }
  }

  /** Merges {@code t}, a tensor the plan computes rather than copies. */
  abstract void compute(PlannedTensor t);

  /** Reusable block array {@code i} of at least {@code length} elements. */
  final float[] slot(int i, int length) {
    return buffers.slot(i, length);
  }

  @Override
  public void drain() {
    copies.drain();
  }

  @Override
  public void close() {
    try {
      copies.close();
    } finally {
      workers.close();
      buffers.close();
    }
  }
}
