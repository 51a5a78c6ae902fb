package org.moelab.merge.stream;

import java.util.List;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorSource;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;

/**
 * What turns a plan's tensors into merged bytes: mergekit's methods ({@link #MERGEKIT}, by {@link
 * TensorStreamer}) or the data-aware merges ({@link DataMergeStreaming}). {@link StreamingMerge}
 * does the rest (sharding, resuming, progress, cancellation) the same for both.
 */
interface TensorWork {
  /** The planned tensors' own methods, by {@link TensorStreamer}. */
  TensorWork MERGEKIT = (sources, writer, limits) -> {
    TensorStreamer streamer = new TensorStreamer(sources, writer, limits);
    return new TensorMerger() {
      @Override
      public void merge(PlannedTensor t) {
        streamer.merge(t);
      }

      @Override
      public void drain() {
        streamer.drain();
      }

      @Override
      public void close() {
        streamer.close();
      }
    };
  };

  /** A merger for one run over the opened {@code sources}, writing to {@code writer}. */
  TensorMerger open(List<TensorSource> sources, ShardedWriter writer, StreamLimits limits);

  /**
   * Lines that decide the merged bytes besides what {@link PlanDescription} says of the plan, added
   * to the fingerprint of a resumable merge.
   */
  default List<String> description() {
    return List.of();
  }

  /** The input bytes read for {@code t}, for progress: its base and models. */
  default long inputBytes(PlannedTensor t, List<TensorSource> sources) {
    long bytes = t.base() == null ? 0 : bytesOf(t.base(), sources);
    for (TensorRef r : t.models()) {
      bytes += bytesOf(r, sources);
    }
    return bytes;
  }

  /** The stored bytes of {@code r}. */
  static long bytesOf(TensorRef r, List<TensorSource> sources) {
    return sources.get(r.source()).info(r.name()).byteLength();
  }
}
