package org.moelab.merge.stream;

import java.nio.file.Path;

/**
 * What a finished merge did.
 *
 * @param output the committed checkpoint directory
 * @param tensors the number of tensors written
 * @param bytesRead input bytes read
 * @param bytesWritten tensor bytes written
 * @param seconds wall time of reading, merging and writing
 */
public record MergeResult(Path output, int tensors, long bytesRead, long bytesWritten, double seconds) {
  /** Input throughput in GB/s (10^9 bytes). */
  public double inputGbPerSecond() {
    return bytesRead / 1e9 / seconds;
  }
}
