package org.moelab.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.moelab.ir.Node;
import org.moelab.runtime.Executor;
import org.moelab.runtime.InterpreterSession;
import org.moelab.session.RunResult;
import org.moelab.session.SessionListener;
import org.moelab.session.SessionOptions;
import org.moelab.source.Source;

/**
 * Router-layer benchmarks: top-k, Switch with capacity, expert choice (E = 8) and grouped top-k
 * (E = 16) SwiGLU MoE layers at T = 4096, d = 1024, f = 2816 in fp32 (or a small size with
 * {@code --small}), each built in {@code .moe} and run through the normal executor. Per router it
 * reports the useful GFLOP/s (2·3·d·f per used slot, the slots read from the routing), the ratio to
 * a dense GEMM {@code [T·2, d] @ [d, 3f]} timed in the same session, and the dispatch overhead:
 * the time of every op except the experts' grouped GEMMs ({@code SEGMENT_MATMUL}) and their
 * activation, over the grouped-GEMM time (from {@link Executor#profileReport()}; the SwiGLU product
 * counts as overhead, so the figure is an upper bound). Inputs and weights are evaluated once before
 * timing. Routers whose slot mask is read on the host (capacity, expert choice) read it while the
 * graph is built, so that read and the router ops it needed are not in the timed recomputation.
 */
final class RouterLayerBench {
  private RouterLayerBench() {}

  /**
   * Sizes of one run.
   *
   * @param t tokens
   * @param d model width
   * @param f expert hidden width
   */
  record Size(int t, int d, int f) {
    static final Size FULL = new Size(4096, 1024, 2816);
    static final Size SMALL = new Size(256, 64, 176);
  }

  /** The routers, by name: number of experts and the {@code .moe} router expression over the gate {@code gw}. */
  static Map<String, String> routers() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("topk", "8|topk(gw, k = 2)");
    r.put("switch", "8|switch(gw, capacity_factor = 1.25)");
    r.put("expert_choice", "8|expert_choice(gw, capacity_factor = 2.0)");
    r.put("grouped_topk", "16|grouped_topk(gw, n_groups = 4, topk_groups = 2, k = 2, routed_scaling_factor = 1.0)");
    return r;
  }

  static String script(Size s, int experts, String router) {
    return String.join("\n",
        "experts ffn[" + experts + "] = swiglu(" + s.d() + ", " + s.f() + ")",
        "let gw = randn([" + experts + ", " + s.d() + "], seed = 4) / " + Math.sqrt(s.d()),
        "router gate = " + router,
        "layer block = moe(ffn, gate)",
        "let x = randn([" + s.t() + ", " + s.d() + "], seed = 1)",
        "let y = block(x)",
        "let slots = sum(gate(x).active)",
        "let a = randn([" + 2 * s.t() + ", " + s.d() + "], seed = 2)",
        "let b = randn([" + s.d() + ", " + 3 * s.f() + "], seed = 3)",
        "let c = a @ b",
        "");
  }

  /** Runs every router on {@code backend} and prints one line each. */
  static void run(String backend, int runs, boolean small, PrintStream out) {
    Size s = small ? Size.SMALL : Size.FULL;
    out.printf(Locale.ROOT, "router layers  backend=%s T=%d d=%d f=%d fp32%n", backend, s.t(), s.d(), s.f());
    for (Map.Entry<String, String> e : routers().entrySet()) {
      String[] parts = e.getValue().split("\\|", 2);
      one(backend, runs, s, e.getKey(), Integer.parseInt(parts[0]), parts[1], out);
    }
  }

  private static void one(String backend, int runs, Size s, String name, int experts, String router, PrintStream out) {
    try (InterpreterSession session = new InterpreterSession(SessionOptions.defaults().withBackend(backend),
        SessionListener.silent())) {
      RunResult r = session.run(new Source("<bench " + name + ">", script(s, experts, router)));
      if (!r.ok()) {
        throw new IllegalStateException(r.errorText());
      }
      Executor ex = session.executor();
      Node y = session.tensor("y").orElseThrow().node();
      Node c = session.tensor("c").orElseThrow().node();
      double slots = ex.fetch(session.tensor("slots").orElseThrow().node()).toDoubleArray()[0];
      for (String input : List.of("x", "gw", "a", "b")) {
        ex.evaluate(session.tensor(input).orElseThrow().node());
      }
      double flops = 2.0 * 3 * slots * s.d() * (double) s.f();
      double denseFlops = 2.0 * 3 * 2 * s.t() * (double) s.d() * s.f();
      Timer.Timing layer = Timer.time(() -> recompute(ex, y), 1, runs);
      Timer.Timing dense = Timer.time(() -> recompute(ex, c), 1, runs);
      ex.enableProfiling();
      recompute(ex, y);
      double overhead = overhead(ex.profileReport());
      double rate = flops / layer.medianSeconds() / 1e9;
      double denseRate = denseFlops / dense.medianSeconds() / 1e9;
      out.printf(Locale.ROOT, "  %-13s E=%-2d slots=%-6d %8.1f ms  %7.1f useful GFLOP/s  dense %7.1f GFLOP/s  "
          + "ratio %.3f  dispatch overhead %5.1f%% of expert GEMM%n", name, experts, (long) slots,
          layer.medianSeconds() * 1e3, rate, denseRate, rate / denseRate, 100 * overhead);
    }
  }

  /** (total − grouped GEMMs − their activation) / grouped GEMMs, from a profile report's lines. */
  static double overhead(String report) {
    double gemm = 0;
    double total = 0;
    for (String line : report.split("\n")) {
      List<String> cols = List.of(line.trim().split("\\s+"));
      if (cols.size() < 4 || !cols.get(1).matches("[0-9.]+")) {
        continue;
      }
      double ms = Double.parseDouble(cols.get(1));
      total += ms;
      if (cols.get(0).equals("SEGMENT_MATMUL")) {
        gemm += ms;
      } else if (cols.get(0).equals("SILU")) {
        total -= ms;
      }
    }
    return gemm == 0 ? Double.NaN : (total - gemm) / gemm;
  }

  private static void recompute(Executor ex, Node n) {
    ex.forget(n);
    ex.evaluate(n);
  }
}
