package org.moelab.merge.stream;

import java.nio.file.Path;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.Planner;
import org.moelab.tensor.DType;

/**
 * A child process for {@link KilledMergeTest}: merges two tiny checkpoints slowly, printing
 * {@code WRITING} once tensors are being written, so the parent can kill it mid-write.
 */
public final class SlowMergeMain {
  private SlowMergeMain() {}

  /** Arguments: a scratch directory and the output directory. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Checkpoints.constant(dir, "a", 1f, DType.F32);
    Checkpoints.constant(dir, "b", 2f, DType.F32);
    var plan = Planner.plan(MergekitYaml.parse("merge_method: linear\nmodels:\n  - model: a\n  - model: b\n", "k.yml"),
        dir, Path.of(args[1]));
    StreamingMerge.run(plan, Path.of(args[1]), 100, (done, total, read, all, name) -> {
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
