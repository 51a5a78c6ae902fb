package org.moelab.merge.stream;

import java.nio.file.Path;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.Planner;
import org.moelab.tensor.DType;

/**
 * A child process for {@link KilledMergeTest}: merges two tiny checkpoints slowly, printing
 * {@code WRITING n} after tensor n is written (then sleeping 2 s), so the parent can kill it mid-write.
 */
public final class SlowMergeMain {
  /** The shard size: 100 bytes, so the six tensors (12 to 48 bytes each) take three shards. */
  static final long SHARD_BYTES = 100;

  private SlowMergeMain() {}

  /** The plan merged: linear of the checkpoints {@code a} and {@code b} in {@code dir}. */
  static MergePlan plan(Path dir, Path out) {
    return Planner.plan(MergekitYaml.parse("merge_method: linear\nmodels:\n  - model: a\n  - model: b\n", "k.yml"),
        dir, out);
  }

  /** Arguments: a scratch directory and the output directory. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Checkpoints.constant(dir, "a", 1f, DType.F32);
    Checkpoints.constant(dir, "b", 2f, DType.F32);
    StreamingMerge.run(plan(dir, Path.of(args[1])), Path.of(args[1]), SHARD_BYTES, (done, total, read, all, name) -> {
      System.out.println("WRITING " + done);
      System.out.flush();
      sleep();
    }, () -> false);
  }

  private static void sleep() {
    try {
      Thread.sleep(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
