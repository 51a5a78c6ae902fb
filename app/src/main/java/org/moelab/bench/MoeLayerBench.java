package org.moelab.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.moelab.ir.Node;
import org.moelab.runtime.Executor;
import org.moelab.runtime.InterpreterSession;
import org.moelab.session.RunResult;
import org.moelab.session.SessionListener;
import org.moelab.session.SessionOptions;
import org.moelab.source.Source;

/**
 * The MoE layer benchmark: a Mixtral-style top-2 layer (T=4096, d=1024, f=2816, E=8, fp32) built
 * in {@code .moe} and evaluated through the normal executor, against a dense GEMM of the same
 * useful FLOPs ([T·k, d] @ [d, 3f]) on the same backend in the same run.
 */
final class MoeLayerBench {
  static final int T = 4096;
  static final int D = 1024;
  static final int F = 2816;
  static final int E = 8;
  static final int K = 2;

  private MoeLayerBench() {}

  static String script(int t, int d, int f, int e, int k) {
    return String.join("\n",
        "experts ffn[" + e + "] = swiglu(" + d + ", " + f + ")",
        "router gate = topk(linear(" + d + ", " + e + "), k = " + k + ")",
        "layer block = moe(ffn, gate)",
        "let x = randn([" + t + ", " + d + "], seed = 1)",
        "let y = block(x)",
        "let a = randn([" + (t * k) + ", " + d + "], seed = 2)",
        "let b = randn([" + d + ", " + (3 * f) + "], seed = 3)",
        "let c = a @ b",
        "");
  }

  /** Runs the benchmark on {@code backend} and prints one result block; returns the ratio. */
  static double run(String backend, int runs, PrintStream out) {
    double flops = 2.0 * 3 * T * K * (double) D * F;
    try (InterpreterSession s = new InterpreterSession(SessionOptions.defaults().withBackend(backend), SessionListener.silent())) {
      RunResult r = s.run(new Source("<bench>", script(T, D, F, E, K)));
      if (!r.ok()) {
        throw new IllegalStateException(r.errorText());
      }
      Executor ex = s.executor();
      Node y = s.tensor("y").orElseThrow().node();
      Node c = s.tensor("c").orElseThrow().node();
      if (Boolean.getBoolean("moe.profile")) {
        ex.enableProfiling();
      }
      Timer.Timing moe = Timer.time(() -> recompute(ex, y), 1, runs);
      if (Boolean.getBoolean("moe.profile")) {
        out.print(ex.profileReport());
      }
      Timer.Timing dense = Timer.time(() -> recompute(ex, c), 1, runs);
      double moeRate = flops / moe.medianSeconds() / 1e9;
      double denseRate = flops / dense.medianSeconds() / 1e9;
      out.printf(Locale.ROOT, "moe-layer  backend=%-5s T=%d d=%d f=%d E=%d k=%d fp32 (%s)%n", backend, T, D, F, E, K,
          s.executor().backend().description());
      out.printf(Locale.ROOT, "  moe layer : %8.1f ms median (min %.1f, max %.1f, %d runs)  %7.1f useful GFLOP/s%n",
          moe.medianSeconds() * 1e3, moe.minSeconds() * 1e3, moe.maxSeconds() * 1e3, moe.runs(), moeRate);
      out.printf(Locale.ROOT, "  dense GEMM: %8.1f ms median (min %.1f, max %.1f, %d runs)  %7.1f GFLOP/s  [%d x %d] @ [%d x %d]%n",
          dense.medianSeconds() * 1e3, dense.minSeconds() * 1e3, dense.maxSeconds() * 1e3, dense.runs(), denseRate,
          T * K, D, D, 3 * F);
      double ratio = moeRate / denseRate;
      out.printf(Locale.ROOT, "  ratio moe/dense = %.3f%n", ratio);
      return ratio;
    }
  }

  private static void recompute(Executor ex, Node n) {
    ex.forget(n);
    ex.evaluate(n);
  }
}
