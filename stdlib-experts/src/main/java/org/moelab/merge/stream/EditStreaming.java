package org.moelab.merge.stream;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorSource;
import org.moelab.merge.plan.EditPlan;
import org.moelab.merge.plan.EditSpec;

/**
 * Runs an {@link EditPlan} (cape, model_patch, compeft or delta_come of checkpoints) out of core, as
 * {@link StreamingMerge} runs a mergekit plan: sharded output written atomically, resumable, with
 * progress and cancellation; the tensors are edited by {@link EditStreamer}. Peak memory is the
 * block budget, except for delta_come, which holds one 2-D tensor whole (see {@link EditStreamer}).
 */
public final class EditStreaming {
  private EditStreaming() {}

  /** Runs {@code plan} into {@code outDir} (missing or empty) with {@link StreamLimits#DEFAULT}, resuming. */
  public static MergeResult run(EditPlan plan, Path outDir, long shardBytes, MergeProgress progress,
      BooleanSupplier cancelled) {
    return run(plan, outDir, shardBytes, StreamLimits.DEFAULT, progress, cancelled);
  }

  /** Runs {@code plan} into {@code outDir} within {@code limits}, resuming a partial edit of the same plan. */
  public static MergeResult run(EditPlan plan, Path outDir, long shardBytes, StreamLimits limits,
      MergeProgress progress, BooleanSupplier cancelled) {
    TensorWork work = new TensorWork() {
      @Override
      public TensorMerger open(List<TensorSource> sources, ShardedWriter writer, StreamLimits l) {
        return new EditStreamer(plan.spec(), sources, writer, l);
      }

      @Override
      public List<String> description() {
        return List.of(EditStreaming.description(plan.spec()));
      }
    };
    return StreamingMerge.run(plan.plan(), work, outDir, shardBytes, limits, true, progress, cancelled);
  }

  /** The edit and its parameters, for the plan's fingerprint (a rerun with other parameters starts over). */
  static String description(EditSpec s) {
    return "edit " + s.method().functionName() + " factor " + s.factor() + " density " + s.density() + " scale "
        + s.scale() + " ranks " + s.ranks() + " bits " + s.bits();
  }
}
