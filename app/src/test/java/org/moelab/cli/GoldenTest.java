package org.moelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code tests/golden/**}{@code /*.moe} file through the command line, on every
 * backend, and checks its stdout, diagnostics and exit code against the expectations written
 * inside it:
 *
 * <ul>
 *   <li>{@code # expect: TEXT} — the next line of stdout, exactly;
 *   <li>{@code # error[E0201] at 3:9} — a compile error with that code at that line and column;
 *   <li>{@code # runtime-error[E0301] at 5:1} — a runtime error there;
 *   <li>{@code # exit: N} — the exit code (otherwise 2 with compile errors, 1 with a runtime
 *       error, else 0).
 * </ul>
 */
class GoldenTest {
  private static final Path ROOT = Path.of("..", "tests", "golden");
  private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s?(.*)$");
  private static final Pattern ERROR = Pattern.compile("#\\s*(runtime-)?error\\[(E\\d+)]\\s+at\\s+(\\d+):(\\d+)");
  private static final Pattern EXIT = Pattern.compile("#\\s*exit:\\s*(\\d+)");
  private static final Pattern REPORTED = Pattern.compile(":(\\d+):(\\d+): error\\[(E\\d+)]");

  @TestFactory
  Stream<DynamicTest> goldenFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(ROOT)) {
      files = walk.filter(p -> p.toString().endsWith(".moe")).sorted().toList();
    }
    return Stream.of("djl", "nd4j").flatMap(backend -> files.stream().map(f ->
        DynamicTest.dynamicTest(backend + ": " + ROOT.relativize(f), () -> check(f, backend))));
  }

  private static void check(Path file, String backend) throws IOException {
    Expectations want = Expectations.read(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(new String[] {"run", "--backend", backend, file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String stdout = out.toString(StandardCharsets.UTF_8);
    String stderr = err.toString(StandardCharsets.UTF_8);
    String context = "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    assertEquals(String.join("\n", want.stdout), stdout.isEmpty() ? "" : stdout.stripTrailing(), "stdout of " + file + context);
    assertEquals(want.errors, reported(stderr), "diagnostics of " + file + context);
    assertEquals(want.exit, exit, "exit code of " + file + context);
  }

  private static List<String> reported(String stderr) {
    List<String> out = new ArrayList<>();
    Matcher m = REPORTED.matcher(stderr);
    while (m.find()) {
      out.add(m.group(3) + " at " + m.group(1) + ":" + m.group(2));
    }
    return out;
  }

  /** What a golden file expects. */
  private record Expectations(List<String> stdout, List<String> errors, int exit) {
    static Expectations read(Path file) throws IOException {
      List<String> stdout = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      boolean compile = false;
      boolean runtime = false;
      Integer exit = null;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Matcher e = EXPECT.matcher(line);
        Matcher d = ERROR.matcher(line);
        Matcher x = EXIT.matcher(line);
        if (e.find()) {
          stdout.add(e.group(1));
        } else if (d.find()) {
          errors.add(d.group(2) + " at " + d.group(3) + ":" + d.group(4));
          runtime |= d.group(1) != null;
          compile |= d.group(1) == null;
        } else if (x.find()) {
          exit = Integer.parseInt(x.group(1));
        }
      }
      int code = exit != null ? exit : compile ? 2 : runtime ? 1 : 0;
      return new Expectations(stdout, errors, code);
    }
  }
}
