package org.moelab.merge.stream;

import java.nio.file.Path;

/**
 * A merge stopped on request between two tensors; nothing was written to the output directory.
 * Finished shards, if any, are kept in a hidden directory next to it for a rerun to resume from.
 */
public final class MergeCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A merge cancelled after {@code done} of {@code total} tensors. */
  public MergeCancelledException(int done, int total) {
    super("The merge was cancelled after " + done + " of " + total + " tensors; the output directory was not created.");
  }

  /**
   * A merge cancelled after {@code done} of {@code total} tensors, with {@code finishedShards} of
   * {@code shards} finished shards kept in {@code partial}.
   */
  public MergeCancelledException(int done, int total, int finishedShards, int shards, Path partial) {
    super("The merge was cancelled after " + done + " of " + total + " tensors; the output directory was not created."
        + (finishedShards == 0 ? "" : " The " + finishedShards + " finished of " + shards + " shards are kept in "
            + partial + "; run the same merge into the same directory to resume, or delete it."));
  }
}
