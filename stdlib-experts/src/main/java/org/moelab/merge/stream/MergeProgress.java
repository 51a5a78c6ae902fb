package org.moelab.merge.stream;

import org.moelab.io.ResumeReport;

/** Receives progress after each output tensor is written; the CLI draws a bar, the kernel a display. */
@FunctionalInterface
public interface MergeProgress {
  /** Ignores progress. */
  MergeProgress NONE = (done, total, bytesRead, bytesTotal, tensor) -> { };

  /**
   * Called after tensor {@code done} of {@code total} ({@code tensor}) is written; {@code bytesRead}
   * of {@code bytesTotal} input bytes have been read. When the merge resumes an interrupted one,
   * {@code done} counts the kept tensors too, {@code bytesTotal} only what is left to read, and
   * tensors kept from the interrupted merge are not reported.
   */
  void update(int done, int total, long bytesRead, long bytesTotal, String tensor);

  /**
   * Called once before the first tensor when the merge found a partial merge of the same output:
   * {@code report} says what is kept and what was discarded, {@code message} says it in one line
   * for the user (such as {@code resuming: 7 of 12 shards already merged ...}). Does nothing by
   * default.
   */
  default void resumed(ResumeReport report, String message) {}
}
