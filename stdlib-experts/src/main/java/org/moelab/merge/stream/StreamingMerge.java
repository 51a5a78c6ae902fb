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
import org.moelab.merge.MergeMethod;
import org.moelab.merge.TensorInputs;
import org.moelab.merge.TensorMerge;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;

/**
 * Executes a {@link MergePlan}: for each output tensor in order, reads its inputs, merges them,
 * encodes the output dtype and hands the bytes to a {@link ShardedWriter}; peak memory is the
 * inputs and output of the largest tensor. The output appears only after the last tensor, the
 * index and the copied config files are written (an interrupted or killed merge leaves at most a
 * hidden temporary directory next to the target).
 */
public final class StreamingMerge {
  /** The default largest shard: 5 GB, as {@code transformers} writes. */
  public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;

  private StreamingMerge() {}

  /**
   * Runs {@code plan} into {@code outDir} (missing or empty), shards of at most {@code shardBytes};
   * {@code cancelled} is polled between tensors.
   */
  public static MergeResult run(MergePlan plan, Path outDir, long shardBytes, MergeProgress progress,
      BooleanSupplier cancelled) {
    long start = System.nanoTime();
    List<TensorSource> sources = new ArrayList<>();
    try (TensorReader reader = new TensorReader()) {
      plan.sources().forEach(p -> sources.add(TensorFiles.load(p)));
      long total = plan.inputBytes(r -> sources.get(r.source()).info(r.name()).byteLength());
      List<TensorSpec> specs = plan.tensors().stream()
          .map(t -> new TensorSpec(t.name(), t.outDtype(), t.shape())).toList();
      long read = 0;
      try (ShardedWriter writer = ShardedWriter.create(outDir, specs, shardBytes, Map.of("format", "pt"), false)) {
        int done = 0;
        for (PlannedTensor t : plan.tensors()) {
          if (cancelled.getAsBoolean()) {
            throw new MergeCancelledException(done, plan.tensors().size());
          }
          read += mergeOne(t, sources, reader, writer);
          progress.update(++done, plan.tensors().size(), read, total, t.name());
        }
        ConfigFiles.copy(plan, writer);
        writer.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new MergeResult(outDir, plan.tensors().size(), read, plan.outputBytes(), seconds);
    } finally {
      sources.forEach(TensorSource::close);
    }
  }

  /** Merges and writes one tensor; returns the input bytes read. */
  private static long mergeOne(PlannedTensor t, List<TensorSource> sources, TensorReader reader, ShardedWriter writer) {
    long read = 0;
    float[] base = null;
    if (t.base() != null) {
      base = reader.read(sources.get(t.base().source()), t.base().name());
      read += bytes(sources, t.base());
    }
    List<float[]> models = new ArrayList<>();
    for (TensorRef r : t.models()) {
      models.add(reader.read(sources.get(r.source()), r.name()));
      read += bytes(sources, r);
    }
    float[] merged = t.method() == MergeMethod.PASSTHROUGH && t.params().get(0).scale() == 1.0
        ? models.get(0)
        : TensorMerge.merge(t.method(), new TensorInputs(t.name(), t.shape().dims(), base, models), t.params(),
            t.options());
    writer.write(t.name(), TensorEncoder.encode(merged, t.outDtype(), t.shape()));
    return read;
  }

  private static long bytes(List<TensorSource> sources, TensorRef r) {
    return sources.get(r.source()).info(r.name()).byteLength();
  }
}
