package org.moelab.merge.stream;

import java.nio.file.Path;

/**
 * What a finished merge did.
 *
 * @param output the committed checkpoint directory
 * @param tensors the number of tensors in the output
 * @param keptTensors of those, the tensors kept from an interrupted merge (not merged again)
 * @param bytesRead input bytes read by this run
 * @param bytesWritten tensor bytes written by this run
 * @param seconds wall time of reading, merging and writing
 */
public record MergeResult(Path output, int tensors, int keptTensors, long bytesRead, long bytesWritten,
    double seconds) {
  /** Input throughput in GB/s (10^9 bytes). */
  public double inputGbPerSecond() {
    return bytesRead / 1e9 / seconds;
  }

  /** Tensors merged by this run. */
  public int mergedTensors() {
    return tensors - keptTensors;
  }
}
