package org.moelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's exit codes and error format for mistakes outside a program's own text. */
class CliContractTest {
  private record Outcome(int exit, String out, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownCommandIsAUsageError() {
    Outcome o = run("frobnicate");
    assertEquals(64, o.exit());
    assertTrue(o.err().contains("Unknown command 'frobnicate'"), o.err());
  }

  @Test
  void missingFileIsAUsageError() {
    Outcome o = run("run", "no/such/file.moe");
    assertEquals(64, o.exit());
    assertTrue(o.err().contains("Cannot read 'no/such/file.moe': no such file."), o.err());
  }

  @Test
  void unknownBackendIsReportedWithoutAStackTrace() {
    Outcome o = run("run", "--backend", "tpu", "src/test/resources/cli/bf16_matmul.moe");
    assertEquals(1, o.exit());
    assertTrue(o.err().contains("Unknown backend 'tpu'; available:"), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
  }

  @Test
  void backendRefusalIsARuntimeErrorWithTheStatementsSpan() {
    Outcome o = run("run", "--backend", "djl", "src/test/resources/cli/bf16_matmul.moe");
    assertEquals(1, o.exit());
    assertTrue(o.err().contains("bf16_matmul.moe:2:1: error[E0303]: The djl backend failed:"), o.err());
    assertTrue(o.err().contains("help: Try --backend nd4j."), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
  }

  @Test
  void helpExitsZero() {
    Outcome o = run("--help");
    assertEquals(0, o.exit());
    assertTrue(o.out().contains("moe run"), o.out());
  }
}
