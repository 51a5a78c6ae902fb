package org.moelab.merge.stream;

/** A merge stopped on request between two tensors; nothing was written to the output directory. */
public final class MergeCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A merge cancelled after {@code done} of {@code total} tensors. */
  public MergeCancelledException(int done, int total) {
    super("The merge was cancelled after " + done + " of " + total + " tensors; the output directory was not created.");
  }
}
