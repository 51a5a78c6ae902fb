package org.moelab.merge.delta;

import java.util.List;

/**
 * The conflict score of a set of task vectors (one layer's tensors, concatenated): the fraction of
 * elements where two models' deltas have opposite signs (zeros take no side). 0 when every model
 * pushes each parameter the same way; the score a Mediator-style merge uses to decide which layers
 * to average and which to keep as experts.
 */
public final class SignConflict {
  private SignConflict() {}

  /** Adds the conflicting elements of {@code deltas} (one array per model, equal lengths) to the count. */
  public static long conflicts(List<float[]> deltas) {
    long count = 0;
    int n = deltas.get(0).length;
    for (int i = 0; i < n; i++) {
      boolean positive = false;
      boolean negative = false;
      for (float[] d : deltas) {
        positive |= d[i] > 0;
        negative |= d[i] < 0;
      }
      count += positive && negative ? 1 : 0;
    }
    return count;
  }
}
