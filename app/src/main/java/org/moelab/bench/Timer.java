package org.moelab.bench;

import java.util.Arrays;

/** Times a task: warm-up runs, then timed runs; reports the median and the spread. */
final class Timer {
  private Timer() {}

  /**
   * Result of timing one task.
   *
   * @param medianSeconds median wall time of the timed runs
   * @param minSeconds fastest run
   * @param maxSeconds slowest run
   * @param runs number of timed runs
   */
  record Timing(double medianSeconds, double minSeconds, double maxSeconds, int runs) {}

  static Timing time(Runnable task, int warmups, int runs) {
    for (int i = 0; i < warmups; i++) {
      task.run();
    }
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      task.run();
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    return new Timing(seconds[runs / 2], seconds[0], seconds[runs - 1], runs);
  }
}
