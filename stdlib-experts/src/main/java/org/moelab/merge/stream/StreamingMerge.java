package org.moelab.merge.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.io.TensorSpec;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;

/**
 * Executes a {@link MergePlan}: for each output tensor in order, reads its inputs, merges them,
 * encodes the output dtype and hands the bytes to a {@link ShardedWriter} (see {@link
 * TensorStreamer}); peak memory is bounded by {@link StreamLimits#blockBytes()} for the
 * task-arithmetic family, linear and passthrough, and by the largest tensor for the others. The
 * output appears only after the last tensor, the index and the copied config files are written (an
 * interrupted or killed merge leaves at most a hidden temporary directory next to the target).
 */
public final class StreamingMerge {
  /** The default largest shard: 5 GB, as {@code transformers} writes. */
  public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;

  private StreamingMerge() {}

  /**
   * Runs {@code plan} into {@code outDir} (missing or empty), shards of at most {@code shardBytes},
   * with {@link StreamLimits#DEFAULT}; {@code cancelled} is polled between tensors.
   */
  public static MergeResult run(MergePlan plan, Path outDir, long shardBytes, MergeProgress progress,
      BooleanSupplier cancelled) {
    return run(plan, outDir, shardBytes, StreamLimits.DEFAULT, progress, cancelled);
  }

  /** {@link #run(MergePlan, Path, long, MergeProgress, BooleanSupplier)} within {@code limits}. */
  public static MergeResult run(MergePlan plan, Path outDir, long shardBytes, StreamLimits limits,
      MergeProgress progress, BooleanSupplier cancelled) {
    long start = System.nanoTime();
    List<TensorSource> sources = new ArrayList<>();
    try {
      plan.sources().forEach(p -> sources.add(TensorFiles.load(p)));
      long total = plan.inputBytes(r -> sources.get(r.source()).info(r.name()).byteLength());
      List<TensorSpec> specs = plan.tensors().stream()
          .map(t -> new TensorSpec(t.name(), t.outDtype(), t.shape())).toList();
      long read = 0;
      try (ShardedWriter writer = ShardedWriter.create(outDir, specs, shardBytes, Map.of("format", "pt"), false);
          TensorStreamer streamer = new TensorStreamer(sources, writer, limits)) {
        int done = 0;
        for (PlannedTensor t : plan.tensors()) {
          if (cancelled.getAsBoolean()) {
            throw new MergeCancelledException(done, plan.tensors().size());
          }
          streamer.merge(t);
          read += inputBytes(t, sources);
          progress.update(++done, plan.tensors().size(), read, total, t.name());
        }
        streamer.drain();
        ConfigFiles.copy(plan, writer);
        writer.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new MergeResult(outDir, plan.tensors().size(), read, plan.outputBytes(), seconds);
    } finally {
      sources.forEach(TensorSource::close);
    }
  }

  private static long inputBytes(PlannedTensor t, List<TensorSource> sources) {
    long bytes = 0;
    for (TensorRef r : t.models()) {
      bytes += sources.get(r.source()).info(r.name()).byteLength();
    }
    return t.base() == null ? bytes : bytes + sources.get(t.base().source()).info(t.base().name()).byteLength();
  }
}
