package org.moelab.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a resumable sharded write ({@link ShardedWriter#resumable}) found left by an earlier,
 * interrupted attempt at the same target.
 *
 * @param partial the hidden directory the shards are written into
 * @param keptShards finished shards kept from the earlier attempt (not written again)
 * @param shards all shards of the write
 * @param keptTensors the tensors in the kept shards
 * @param tensors all tensors of the write
 * @param discardedShards finished shards of an earlier attempt that were deleted (see {@code reason})
 * @param reason why they were deleted; empty when none were
 */
public record ResumeReport(Path partial, int keptShards, int shards, int keptTensors, int tensors,
    int discardedShards, String reason) {
  /** Checks the fields. */
  public ResumeReport {
    Objects.requireNonNull(partial, "partial");
    Objects.requireNonNull(reason, "reason");
  }

  /** A write that starts from nothing, with nothing discarded. */
  public static ResumeReport fresh(Path partial, int shards, int tensors) {
    return new ResumeReport(partial, 0, shards, 0, tensors, 0, "");
  }

  /** Whether finished shards of an earlier attempt are kept. */
  public boolean resumed() {
    return keptShards > 0;
  }
}
