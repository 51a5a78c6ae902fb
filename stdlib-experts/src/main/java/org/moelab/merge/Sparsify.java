package org.moelab.merge;

import java.util.Arrays;

/** Helpers of the sparsification methods: DELLA's keep probabilities and the L1 norm. */
final class Sparsify {
  private Sparsify() {}

  /** {@link #dellaProbabilities(float[], int, long[], double, double)} over all of {@code delta}. */
  static float[] dellaProbabilities(float[] delta, long[] shape, double density, double epsilon) {
    return dellaProbabilities(delta, delta.length, shape, density, epsilon);
  }

  /**
   * Each element's keep probability in {@code delta[0, length)} of {@code shape}: (density − ε) +
   * 2ε · (rank − 1)/(len − 1), ranks ascending by magnitude along axis 1 (a vector is one line, ties
   * by index); a line of one element gets density.
   */
  static float[] dellaProbabilities(float[] delta, int length, long[] shape, double density, double epsilon) {
    Lines lines = shape.length < 2 ? Lines.flat(length) : Lines.along(shape, 1);
    float[] probs = new float[length];
    long[] keys = new long[lines.length()];
    float low = (float) (density - epsilon);
    float spread = (float) epsilon;
    for (int line = 0; line < lines.count(); line++) {
      for (int j = 0; j < keys.length; j++) {
        keys[j] = (long) MagnitudeRanks.bits(delta[lines.index(line, j)]) << 32 | j;
      }
      Arrays.sort(keys);
      for (int r = 0; r < keys.length; r++) {
        int j = (int) keys[r];
        float rankNorm = keys.length == 1 ? 0.5f : (float) r / (float) (keys.length - 1);
        probs[lines.index(line, j)] = low + rankNorm * 2f * spread;
      }
    }
    return probs;
  }

  /** ‖x‖₁, summed in index order in double precision. */
  static double l1(float[] x) {
    return DeltaSparsifier.l1(x, x.length, 0);
  }
}
