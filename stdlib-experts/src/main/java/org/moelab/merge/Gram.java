package org.moelab.merge;

/**
 * The Gram matrix of {@code k} vectors over one line of a tensor: the sums ⟨x_a, x_b⟩, a ≤ b,
 * stored upper-triangular, row by row, from {@code sums[at]}. Products of two f32 values are exact
 * in double, so only the order of the summation rounds.
 *
 * @param sums the storage, shared by many lines
 * @param at the index of ⟨x_0, x_0⟩
 * @param k the number of vectors
 */
record Gram(double[] sums, int at, int k) {
  /** The entries of the Gram matrix of {@code k} vectors: k(k + 1)/2. */
  static int entries(int k) {
    return k * (k + 1) / 2;
  }

  /** ⟨x_a, x_b⟩. */
  double dot(int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    return sums[at + lo * k - lo * (lo - 1) / 2 + hi - lo];
  }

  /**
   * Adds to {@code sums[at ...]} the Gram matrix of the vectors {@code x[·]} (minus {@code minus},
   * in f32, when that is not null) over the elements {@code start, start + stride, …} ({@code
   * count} of them); each entry is summed on its own in index order, then added.
   */
  static void accumulate(float[][] x, float[] minus, int start, int stride, int count, double[] sums, int at) {
    int end = start + stride * count;
    int p = at;
    for (int a = 0; a < x.length; a++) {
      for (int b = a; b < x.length; b++) {
        sums[p++] += minus == null ? dot(x[a], x[b], start, stride, end) : dot(x[a], x[b], minus, start, stride, end);
      }
    }
  }

  private static double dot(float[] u, float[] v, int start, int stride, int end) {
    double s = 0;
    for (int i = start; i < end; i += stride) {
      s += (double) u[i] * v[i];
    }
    return s;
  }

  private static double dot(float[] u, float[] v, float[] minus, int start, int stride, int end) {
    double s = 0;
    for (int i = start; i < end; i += stride) {
      float du = u[i] - minus[i];
      float dv = v[i] - minus[i];
      s += (double) du * dv;
    }
    return s;
  }
}
