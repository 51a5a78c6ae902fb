package org.moelab.merge.stream;

/** Receives progress after each output tensor is written; the CLI draws a bar, the kernel a display. */
@FunctionalInterface
public interface MergeProgress {
  /** Ignores progress. */
  MergeProgress NONE = (done, total, bytesRead, bytesTotal, tensor) -> { };

  /**
   * Called after tensor {@code done} of {@code total} ({@code tensor}) is written; {@code bytesRead}
   * of {@code bytesTotal} input bytes have been read.
   */
  void update(int done, int total, long bytesRead, long bytesTotal, String tensor);
}
