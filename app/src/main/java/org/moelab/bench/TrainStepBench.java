package org.moelab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.moelab.autodiff.Gradients;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.runtime.Executor;
import org.moelab.runtime.InterpreterSession;
import org.moelab.runtime.Mode;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.session.RunResult;
import org.moelab.session.SessionListener;
import org.moelab.session.SessionOptions;
import org.moelab.source.Source;
import org.moelab.types.Dim;

/**
 * The training-step benchmark: one forward and backward pass of a Mixtral-style top-2 MoE layer
 * (T=4096, d=1024, f=2816, E=8, k=2, fp32; {@code --small} for a quick check) on a backend, the
 * loss {@code sum(y ⊙ g) / T} differentiated by the IR's reverse-mode transform with respect to the
 * router and every expert weight, against a PyTorch step on the same shapes in the same run
 * ({@code tools/bench/train_step_torch.py} under Debian's {@code /usr/bin/python3}).
 */
final class TrainStepBench {
  private static final Path BASELINE = Path.of("tools", "bench", "train_step_torch.py");
  private static final String PYTHON = "/usr/bin/python3";

  /** The layer's sizes. */
  record Size(int t, int d, int f, int e, int k) {
    static final Size FULL = new Size(4096, 1024, 2816, 8, 2);
    static final Size SMALL = new Size(256, 128, 352, 8, 2);

    /** Useful FLOPs of a step: the experts' GEMMs forward (2·3·T·k·d·f) and twice that backward. */
    double flops() {
      return 3 * 2.0 * 3 * t * k * (double) d * f;
    }
  }

  private TrainStepBench() {}

  static String script(Size s) {
    StringBuilder b = new StringBuilder();
    b.append("experts ffn[").append(s.e()).append("] = swiglu(").append(s.d()).append(", ").append(s.f()).append(")\n");
    b.append("let router_weights = linear(").append(s.d()).append(", ").append(s.e()).append(")\n");
    b.append("router gate = topk(router_weights, k = ").append(s.k()).append(")\n");
    b.append("layer block = moe(ffn, gate)\n");
    b.append("let x = randn([").append(s.t()).append(", ").append(s.d()).append("], seed = 1)\n");
    b.append("let g = randn([").append(s.t()).append(", ").append(s.d()).append("], seed = 2)\n");
    b.append("let loss = sum(block(x) * g) / ").append(s.t()).append(".0\n");
    b.append("let p_router = router_weights.weight\n");
    for (int i = 0; i < s.e(); i++) {
      for (String w : List.of("w1", "w2", "w3")) {
        b.append("let p_").append(w).append('_').append(i).append(" = ffn[").append(i).append("].").append(w).append('\n');
      }
    }
    return b.toString();
  }

  /** Runs the step on {@code backend} and the PyTorch baseline; prints one block; returns the ratio. */
  static double run(String backend, int runs, boolean small, PrintStream out) {
    Size size = small ? Size.SMALL : Size.FULL;
    try (InterpreterSession s = new InterpreterSession(SessionOptions.defaults().withBackend(backend),
        SessionListener.silent())) {
      RunResult r = s.run(new Source("<bench train>", script(size)));
      if (!r.ok()) {
        throw new IllegalStateException(r.errorText());
      }
      List<Node> params = new ArrayList<>();
      s.variables().forEach(v -> {
        if (v.name().startsWith("p_")) {
          params.add(s.tensor(v.name()).orElseThrow().node());
        }
      });
      Executor ex = s.executor();
      for (String name : List.of("x", "g")) {
        ex.evaluate(s.tensor(name).orElseThrow().node());
      }
      params.forEach(ex::evaluate);
      Node step = stepNode(s.tensor("loss").orElseThrow().node(), params);
      Timer.Timing ours = Timer.time(() -> {
        ex.forget(step);
        ex.evaluate(step);
      }, 1, runs);
      Baseline torch = baseline(size, runs);
      double rate = size.flops() / ours.medianSeconds() / 1e9;
      out.printf(Locale.ROOT, "train-step backend=%-5s T=%d d=%d f=%d E=%d k=%d fp32 (%s), %d parameters%n", backend,
          size.t(), size.d(), size.f(), size.e(), size.k(), ex.backend().description(), params.size());
      out.printf(Locale.ROOT, "  moelab : %9.1f ms median (min %.1f, max %.1f, %d runs)  %7.1f useful GFLOP/s%n",
          ours.medianSeconds() * 1e3, ours.minSeconds() * 1e3, ours.maxSeconds() * 1e3, ours.runs(), rate);
      if (torch == null) {
        out.println("  pytorch: unavailable (needs " + PYTHON + " with torch and " + BASELINE + ")");
        return Double.NaN;
      }
      double torchRate = size.flops() / (torch.medianMs() / 1e3) / 1e9;
      out.printf(Locale.ROOT, "  pytorch: %9.1f ms median (min %.1f)  %7.1f useful GFLOP/s  [%s]%n", torch.medianMs(),
          torch.minMs(), torchRate, torch.detail());
      double ratio = rate / torchRate;
      out.printf(Locale.ROOT, "  ratio moelab/pytorch = %.3f%n", ratio);
      return ratio;
    }
  }

  /** One node whose value needs the loss and every gradient: loss + Σ_p sum(∂loss/∂p). */
  private static Node stepNode(Node loss, List<Node> params) {
    TensorOps ops = new TensorOps(Mode.RUN);
    TensorValue total = TensorValue.of(loss);
    for (Node grad : Gradients.of(loss, params)) {
      TensorValue flat = ops.reshape(TensorValue.of(grad), List.of(Dim.of(grad.shape().size())));
      total = ops.binary(Op.ADD, total, ops.reduce(Op.SUM, flat, new int[] {0}, false));
    }
    return total.node();
  }

  /**
   * The baseline's timing.
   *
   * @param medianMs median step time
   * @param minMs fastest step
   * @param detail torch version, threads and BLAS setting, for the report
   */
  record Baseline(double medianMs, double minMs, String detail) {}

  /** The baseline script: next to the launcher's project root when there is one, else under the working directory. */
  private static Path script() {
    String launcher = System.getProperty("moe.launcher");
    Path root = launcher == null ? null : Path.of(launcher).toAbsolutePath().getParent().getParent();
    return root != null && Files.isRegularFile(root.resolve(BASELINE)) ? root.resolve(BASELINE) : BASELINE;
  }

  /**
   * Runs the baseline. When {@code libopenblas0-pthread} is installed, torch's BLAS is that OpenBLAS,
   * which needs {@code OPENBLAS_CORETYPE=SKYLAKEX} on the benchmark machine; set for this subprocess
   * only. Where that core type cannot run (no AVX-512: the process dies), it is run again without.
   */
  private static Baseline baseline(Size s, int runs) {
    Path script = script();
    if (!Files.isRegularFile(script) || !Files.isExecutable(Path.of(PYTHON))) {
      return null;
    }
    List<String> command = List.of(PYTHON, script.toString(), String.valueOf(s.t()), String.valueOf(s.d()),
        String.valueOf(s.f()), String.valueOf(s.e()), String.valueOf(s.k()), String.valueOf(runs));
    if (Files.exists(Path.of("/usr/share/doc/libopenblas0-pthread"))) {
      Baseline tuned = launch(command, "SKYLAKEX");
      if (tuned != null) {
        return tuned;
      }
      Baseline plain = launch(command, null);
      return plain == null ? null : new Baseline(plain.medianMs(), plain.minMs(),
          plain.detail() + " (OPENBLAS_CORETYPE=SKYLAKEX failed on this CPU; default core type)");
    }
    return launch(command, null);
  }

  private static Baseline launch(List<String> command, String coreType) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (coreType != null) {
      pb.environment().put("OPENBLAS_CORETYPE", coreType);
    }
    try {
      Process p = pb.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !text.contains("median_ms")) {
        return null;
      }
      String line = text.substring(text.lastIndexOf('\n') + 1);
      return new Baseline(number(line, "median_ms"), number(line, "min_ms"),
          line + (coreType == null ? "" : " OPENBLAS_CORETYPE=" + coreType));
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static double number(String json, String key) {
    int at = json.indexOf("\"" + key + "\":");
    int start = at + key.length() + 3;
    int end = start;
    while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) {
      end++;
    }
    return Double.parseDouble(json.substring(start, end).strip());
  }
}
