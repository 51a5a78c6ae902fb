package org.moelab.bench;

import java.io.PrintStream;

/** Entry points of the benchmarks, for the command line. */
public final class Benchmarks {
  private Benchmarks() {}

  /** The MoE layer against a dense GEMM of equal FLOPs on {@code backend}. */
  public static double moeLayer(String backend, int runs, PrintStream out) {
    return MoeLayerBench.run(backend, runs, out);
  }

  /** Top-k, Switch, expert-choice and grouped top-k MoE layers: GFLOP/s, ratio to dense, dispatch overhead. */
  public static void routers(String backend, int runs, boolean small, PrintStream out) {
    RouterLayerBench.run(backend, runs, small, out);
  }

  /** One forward+backward training step of the MoE layer against PyTorch; {@code small} for a quick check. */
  public static double trainStep(String backend, int runs, boolean small, PrintStream out) {
    return TrainStepBench.run(backend, runs, small, out);
  }

  /** Parse + check of a generated 1,000-line script. */
  public static void check(String backend, int runs, PrintStream out) {
    CheckBench.run(backend, runs, out);
  }
}
