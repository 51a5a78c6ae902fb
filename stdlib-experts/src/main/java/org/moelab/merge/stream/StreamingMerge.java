package org.moelab.merge.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.moelab.io.ResumeReport;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.io.TensorSpec;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.PlannedTensor;

/**
 * Executes a {@link MergePlan}: for each output tensor in order, reads its inputs, merges them,
 * encodes the output dtype and hands the bytes to a {@link ShardedWriter} (see {@link
 * TensorStreamer}); with safetensors inputs, peak memory is bounded by {@link
 * StreamLimits#blockBytes()} for every method (unless a single row of the first axis exceeds it),
 * not by the size of a tensor; npz inputs are decoded a whole tensor at a time.
 *
 * <p>The output appears only after the last tensor, the index and the copied config files are
 * written. Until then everything goes into the hidden directory {@code .OUT.moe-partial} next to
 * the target, each shard with a completion record once it is synced. A merge that is cancelled,
 * fails or is killed leaves that directory when it holds finished shards (else nothing), and a
 * rerun of the same plan (same fingerprint: {@link PlanDescription}, shard size, specs) into the
 * same output keeps the finished shards and merges only the other tensors; the result is byte for
 * byte that of an uninterrupted run. A partial merge of another plan is deleted and the merge
 * starts over.
 */
public final class StreamingMerge {
  /** The default largest shard: 5 GB, as {@code transformers} writes. */
  public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;
  private static final Map<String, String> METADATA = Map.of("format", "pt");

  private StreamingMerge() {}

  /**
   * Runs {@code plan} into {@code outDir} (missing or empty), shards of at most {@code shardBytes},
   * with {@link StreamLimits#DEFAULT}, resuming a partial merge of the same plan; {@code cancelled}
   * is polled between tensors.
   */
  public static MergeResult run(MergePlan plan, Path outDir, long shardBytes, MergeProgress progress,
      BooleanSupplier cancelled) {
    return run(plan, outDir, shardBytes, StreamLimits.DEFAULT, true, progress, cancelled);
  }

  /** {@link #run(MergePlan, Path, long, MergeProgress, BooleanSupplier)} within {@code limits}. */
  public static MergeResult run(MergePlan plan, Path outDir, long shardBytes, StreamLimits limits,
      MergeProgress progress, BooleanSupplier cancelled) {
    return run(plan, outDir, shardBytes, limits, true, progress, cancelled);
  }

  /**
   * {@link #run(MergePlan, Path, long, StreamLimits, MergeProgress, BooleanSupplier)}; without
   * {@code resume}, a partial merge left in {@code .OUT.moe-partial} is deleted, not resumed.
   */
  public static MergeResult run(MergePlan plan, Path outDir, long shardBytes, StreamLimits limits, boolean resume,
      MergeProgress progress, BooleanSupplier cancelled) {
    return run(plan, TensorWork.MERGEKIT, outDir, shardBytes, limits, resume, progress, cancelled);
  }

  /** Runs {@code plan} as above, its tensors merged by {@code work}. */
  static MergeResult run(MergePlan plan, TensorWork work, Path outDir, long shardBytes, StreamLimits limits,
      boolean resume, MergeProgress progress, BooleanSupplier cancelled) {
    long start = System.nanoTime();
    List<TensorSource> sources = new ArrayList<>();
    try {
      plan.sources().forEach(p -> sources.add(TensorFiles.load(p)));
      List<TensorSpec> specs = plan.tensors().stream()
          .map(t -> new TensorSpec(t.name(), t.outDtype(), t.shape())).toList();
      List<String> description = new ArrayList<>(PlanDescription.of(plan));
      description.addAll(work.description());
      try (ShardedWriter writer = ShardedWriter.resumable(outDir, specs, shardBytes, METADATA, description, resume);
          TensorMerger streamer = work.open(sources, writer, limits)) {
        ResumeReport report = writer.resumeReport();
        String message = resumeMessage(report);
        if (!message.isEmpty()) {
          progress.resumed(report, message);
        }
        List<PlannedTensor> todo = plan.tensors().stream().filter(t -> !writer.isKept(t.name())).toList();
        long read = mergeAll(todo, report, writer, streamer, t -> work.inputBytes(t, sources), progress, cancelled);
        ConfigFiles.copy(plan, writer);
        writer.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        long written = todo.stream().mapToLong(PlannedTensor::outBytes).sum();
        return new MergeResult(outDir, plan.tensors().size(), report.keptTensors(), read, written, seconds);
      }
    } finally {
      sources.forEach(TensorSource::close);
    }
  }

  /** Merges and writes {@code todo} in order; returns the input bytes read. */
  private static long mergeAll(List<PlannedTensor> todo, ResumeReport report, ShardedWriter writer,
      TensorMerger streamer, ToLongFunction<PlannedTensor> inputBytes, MergeProgress progress,
      BooleanSupplier cancelled) {
    long total = 0;
    for (PlannedTensor t : todo) {
      total += inputBytes.applyAsLong(t);
    }
    long read = 0;
    int done = report.keptTensors();
    for (PlannedTensor t : todo) {
      if (cancelled.getAsBoolean()) {
        streamer.drain();
        throw new MergeCancelledException(done, report.tensors(), writer.finishedShards(), report.shards(),
            report.partial());
      }
      streamer.merge(t);
      read += inputBytes.applyAsLong(t);
      progress.update(++done, report.tensors(), read, total, t.name());
    }
    streamer.drain();
    return read;
  }

  /**
   * One line for the user about what was found of an interrupted merge ({@code resuming: 7 of 12
   * shards already merged ...}); empty when nothing was found.
   */
  static String resumeMessage(ResumeReport r) {
    String discarded = r.discardedShards() == 0 ? ""
        : count(r.discardedShards(), "finished shard") + " discarded (" + r.reason() + ")";
    if (r.resumed()) {
      return String.format(Locale.ROOT, "resuming: %d of %d shards already merged (%d of %d tensors), merging the "
          + "other %s", r.keptShards(), r.shards(), r.keptTensors(), r.tensors(),
          count(r.tensors() - r.keptTensors(), "tensor")) + (discarded.isEmpty() ? "" : "; " + discarded);
    }
    return discarded.isEmpty() ? "" : "not resuming the partial merge in " + r.partial() + ": " + discarded
        + "; starting over";
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
