package org.moelab.merge.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorSource;
import org.moelab.merge.plan.DataMergePlan;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;

/**
 * Runs a {@link DataMergePlan} (Fisher merging or RegMean of checkpoints) out of core, as {@link
 * StreamingMerge} runs a mergekit plan: sharded output written atomically, resumable, with progress
 * and cancellation; the tensors are merged by {@link DataMergeStreamer}. Peak memory is the block
 * budget, plus for each RegMean weight one [in, in] double matrix (its Gram sum, then its LU
 * factors).
 */
public final class DataMergeStreaming {
  private DataMergeStreaming() {}

  /** Runs {@code plan} into {@code outDir} (missing or empty) with {@link StreamLimits#DEFAULT}, resuming. */
  public static MergeResult run(DataMergePlan plan, Path outDir, long shardBytes, MergeProgress progress,
      BooleanSupplier cancelled) {
    return run(plan, outDir, shardBytes, StreamLimits.DEFAULT, progress, cancelled);
  }

  /** Runs {@code plan} into {@code outDir} within {@code limits}, resuming a partial merge of the same plan. */
  public static MergeResult run(DataMergePlan plan, Path outDir, long shardBytes, StreamLimits limits,
      MergeProgress progress, BooleanSupplier cancelled) {
    return StreamingMerge.run(plan.plan(), work(plan), outDir, shardBytes, limits, true, progress, cancelled);
  }

  private static TensorWork work(DataMergePlan plan) {
    return new TensorWork() {
      @Override
      public TensorMerger open(List<TensorSource> sources, ShardedWriter writer, StreamLimits limits) {
        return new DataMergeStreamer(plan, sources, writer, limits);
      }

      @Override
      public List<String> description() {
        return DataMergeStreaming.description(plan);
      }

      @Override
      public long inputBytes(PlannedTensor t, List<TensorSource> sources) {
        long bytes = TensorWork.super.inputBytes(t, sources);
        for (TensorRef r : plan.statisticsOf(t.name())) {
          bytes += TensorWork.bytesOf(r, sources);
        }
        return bytes;
      }
    };
  }

  /** The method, its parameter and each tensor's statistics, for the plan's fingerprint. */
  static List<String> description(DataMergePlan plan) {
    List<String> lines = new ArrayList<>();
    lines.add("data-merge " + plan.method().functionName() + " " + plan.method().parameter() + " "
        + plan.parameter());
    for (PlannedTensor t : plan.plan().tensors()) {
      List<TensorRef> stats = plan.statisticsOf(t.name());
      StringBuilder s = new StringBuilder("statistics ").append(t.name());
      if (stats.isEmpty()) {
        s.append(" none");
      }
      stats.forEach(r -> s.append(' ').append(r.source()).append(':').append(r.name()));
      lines.add(s.toString());
    }
    return lines;
  }
}
