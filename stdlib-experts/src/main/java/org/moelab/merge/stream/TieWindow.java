package org.moelab.merge.stream;

/**
 * Where, in index order, the kept elements of a tie group end. Quantised task vectors (bf16 ones
 * above all) share magnitudes: the k-th largest magnitude T is often held by a few percent of a
 * tensor's elements at once. If the top k's threshold is exactly T, every element above T is kept,
 * every one below dropped, and of those equal to T the first (k − #above) in index order are kept
 * (ties go to the lower index). So only the ties near that cut are in doubt: the ones before
 * {@code from} are kept for sure and the ones from {@code to} on dropped for sure.
 *
 * <p>Both the guess that the threshold is T and the window come from a sample of evenly spaced runs;
 * {@link TopKResolution} finds out whether they held.
 *
 * @param from the first index at which a tie may be dropped
 * @param to the index from which every tie is dropped
 * @param tieFraction the fraction of the sample at the tie magnitude
 */
record TieWindow(long from, long to, double tieFraction) {
  /**
   * Standard errors between the estimated cut and each end of the window. A cut outside costs
   * merging the chunks between again ({@code SinglePassMerge} counts every chunk's ties), so the
   * window is narrow.
   */
  private static final double SIGMAS = 1.0;
  /**
   * Standard errors by which the number of ties to keep must lie between none and all of them; a
   * guess that fails this costs a second pass over the tensor.
   */
  private static final double CERTAINTY = 1.5;
  /** Extra sampled elements of margin, for small samples. */
  private static final int SLACK = 16;

  /**
   * The window for ties at magnitude bits {@code tie} when keeping the {@code k} largest of {@code
   * n} magnitudes, from {@code sample[0, size)} taken as {@code runs} equal runs evenly spaced over
   * the tensor (run g at {@link #runStart}); null when the sample does not make it near certain
   * that the threshold is {@code tie}: when the estimated number of ties to keep is not, by {@link
   * #CERTAINTY} standard errors, between none and all of them.
   */
  static TieWindow of(int[] sample, int size, int runs, long n, long k, int tie) {
    // Magnitude bits are non-negative ints, so (tie − b) >>> 31 is 1 exactly when b > tie and
    // ((b ^ tie) − 1) >>> 31 exactly when b == tie: branch-free counts (b > tie is a coin toss).
    int length = size / runs;
    double[] above = new double[runs];
    double[] ties = new double[runs];
    for (int g = 0; g < runs; g++) {
      int a = 0;
      int t = 0;
      for (int i = g * length; i < (g + 1) * length; i++) {
        int b = sample[i];
        a += (tie - b) >>> 31;
        t += ((b ^ tie) - 1) >>> 31;
      }
      above[g] = a;
      ties[g] = t;
    }
    double perElement = (double) n / ((double) runs * length);
    double needed = k - perElement * sum(above);
    double tiesTotal = perElement * sum(ties);
    double[] cumulative = cumulative(ties, perElement);
    int cutRun = runReaching(cumulative, needed);
    double error = standardError(above, length, perElement, runs)
        + standardError(ties, length, perElement, cutRun + 1) + perElement * SLACK;
    double allTies = standardError(ties, length, perElement, runs);
    if (needed - CERTAINTY * error < 0 || needed + CERTAINTY * error > tiesTotal - CERTAINTY * allTies) {
      return null;
    }
    double margin = SIGMAS * error;
    double perRun = (double) n / runs;
    long from = Math.max(0, (long) ((runReaching(cumulative, needed - margin) - 1) * perRun));
    long to = Math.min(n, (long) Math.ceil((runReaching(cumulative, needed + margin) + 2) * perRun));
    return new TieWindow(from, to, sum(ties) / size);
  }

  /**
   * The chunks {@code [first, end)}, widened as little as needed to hold where the kept ties end,
   * given every chunk's number of ties and that the first {@code needed} ties in index order are
   * kept: before the result's first chunk all ties are kept, from its end on all dropped; null when
   * {@code needed} is negative or more than all ties (the threshold is not the tie magnitude).
   */
  static int[] widen(long[] ties, long needed, int first, int end) {
    long[] cumulative = new long[ties.length + 1];
    for (int c = 0; c < ties.length; c++) {
      cumulative[c + 1] = cumulative[c] + ties[c];
    }
    if (needed < 0 || needed > cumulative[ties.length]) {
      return null;
    }
    int from = first;
    while (cumulative[from] > needed) {
      from--;
    }
    int to = end;
    while (cumulative[to] < needed) {
      to++;
    }
    return new int[] {from, to};
  }

  /** The first index of sample run {@code g} of {@code runs} runs of {@code length} over {@code n} elements. */
  static long runStart(int g, int runs, int length, long n) {
    return runs == 1 ? 0 : (long) g * (n - length) / (runs - 1);
  }

  /** Estimated ties before run g's share of the tensor, for g in [0, runs]. */
  private static double[] cumulative(double[] ties, double perElement) {
    double[] c = new double[ties.length + 1];
    for (int g = 0; g < ties.length; g++) {
      c[g + 1] = c[g] + perElement * ties[g];
    }
    return c;
  }

  /** The run in whose share the cumulative count reaches {@code count}. */
  private static int runReaching(double[] cumulative, double count) {
    int g = 0;
    while (g < cumulative.length - 2 && cumulative[g + 1] < count) {
      g++;
    }
    return g;
  }

  /**
   * The standard error of an estimated total over {@code runs} runs of per-run counts {@code
   * counts}, each standing for {@code perElement} elements per sampled one: the larger of the
   * binomial error and the run-to-run spread (batch means).
   */
  private static double standardError(double[] counts, int length, double perElement, int runs) {
    double mean = sum(counts) / counts.length;
    double squares = 0;
    for (double c : counts) {
      squares += (c - mean) * (c - mean);
    }
    double spread = counts.length < 2 ? 0 : squares / (counts.length - 1);
    double p = Math.min(1, mean / length);
    double binomial = length * p * (1 - p);
    return perElement * Math.sqrt(Math.max(spread, binomial) * runs);
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
