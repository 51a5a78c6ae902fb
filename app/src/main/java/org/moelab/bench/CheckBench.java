package org.moelab.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.moelab.runtime.InterpreterSession;
import org.moelab.session.RunResult;
import org.moelab.session.SessionListener;
import org.moelab.session.SessionOptions;
import org.moelab.source.Source;

/** Times parse + check (abstract evaluation with shapes) of a generated 1,000-line script. */
final class CheckBench {
  private CheckBench() {}

  /** A script of about {@code lines} lines: blocks of lets, a typed function and its call. */
  static String generate(int lines) {
    StringBuilder s = new StringBuilder("let d = 64\nlet x0 = randn([8, 16, d], seed = 1)\n");
    for (int j = 1; 2 + 5 * j <= lines; j++) {
      s.append("let w").append(j).append(" = randn([d, d], seed = ").append(j).append(")\n");
      s.append("let x").append(j).append(" = (x").append(j - 1).append(" @ w").append(j).append(") * 0.5 + 1.0\n");
      s.append("def f").append(j).append("(x: tensor[B, S, d], k: int = 2) = softmax(x * k, axis = -1) + x\n");
      s.append("let y").append(j).append(" = f").append(j).append("(x").append(j).append(")\n");
      s.append("let z").append(j).append(" = sum(y").append(j).append(", axis = -1)\n");
    }
    return s.toString();
  }

  static void run(String backend, int runs, PrintStream out) {
    String script = generate(1000);
    try (InterpreterSession s = new InterpreterSession(SessionOptions.defaults().withBackend(backend), SessionListener.silent())) {
      Source source = new Source("<generated>", script);
      RunResult first = s.check(source);
      if (!first.ok()) {
        throw new IllegalStateException("generated script does not check:\n" + first.errorText());
      }
      Timer.Timing t = Timer.time(() -> s.check(source), 5, runs);
      out.printf(Locale.ROOT, "check      1,000-line script: %.1f ms median (min %.1f, max %.1f, %d runs, warm)%n",
          t.medianSeconds() * 1e3, t.minSeconds() * 1e3, t.maxSeconds() * 1e3, t.runs());
    }
  }
}
