package org.moelab.merge.stream;

/**
 * How much memory and how many threads a streamed merge may use.
 *
 * @param blockBytes the budget for the f32 arrays of one block (all inputs of a row block); a
 *     tensor that needs more is merged in row blocks, in several passes when its method needs
 *     per-tensor statistics. The one-pass route of TIES and task arithmetic holds an output of at
 *     most half of it and maps input windows of at most the other half
 * @param threads worker threads (models are read and sparsified in parallel, rows combined in
 *     parallel)
 */
public record StreamLimits(long blockBytes, int threads) {
  /** 256 MiB of block arrays, one thread per core up to 4. */
  public static final StreamLimits DEFAULT =
      new StreamLimits(256L << 20, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /** Checks the values. */
  public StreamLimits {
    if (blockBytes < Float.BYTES || threads < 1) {
      throw new IllegalArgumentException("need blockBytes ≥ 4 and threads ≥ 1, got " + blockBytes + ", " + threads);
    }
  }
}
