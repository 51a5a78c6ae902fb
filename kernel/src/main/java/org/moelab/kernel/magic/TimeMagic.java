package org.moelab.kernel.magic;

import java.util.Locale;
import org.moelab.session.RunResult;
import org.moelab.source.Source;

/** {@code %time CODE} or {@code %%time}: runs code and prints its wall-clock time. */
final class TimeMagic implements Magic {
  @Override
  public String name() {
    return "time";
  }

  @Override
  public String usage() {
    return "%time CODE, or %%time as the first line of a cell — run the code and print its wall time.";
  }

  @Override
  public RunResult run(String argument, MagicContext context) {
    if (argument.isBlank()) {
      throw new MagicException("%time needs code to run, as in %time let y = f(x).");
    }
    long start = System.nanoTime();
    RunResult result = context.run(new Source("<%time>", argument));
    context.output().stdout("Wall time: " + format(System.nanoTime() - start) + "\n");
    return result;
  }

  static String format(long nanos) {
    double millis = nanos / 1e6;
    if (millis < 1000) {
      return String.format(Locale.ROOT, "%.2f ms", millis);
    }
    return String.format(Locale.ROOT, "%.3f s", millis / 1000);
  }
}
