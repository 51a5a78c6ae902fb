package org.moelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moelab.cli.CliOutcome.run;

import org.junit.jupiter.api.Test;

/** The command line's exit codes and error format for mistakes outside a program's own text. */
class CliContractTest {
  @Test
  void unknownCommandIsAUsageError() {
    CliOutcome o = run("frobnicate");
    assertEquals(64, o.exit());
    assertTrue(o.err().contains("Unknown command 'frobnicate'"), o.err());
  }

  @Test
  void missingFileIsAUsageError() {
    CliOutcome o = run("run", "no/such/file.moe");
    assertEquals(64, o.exit());
    assertTrue(o.err().contains("Cannot read 'no/such/file.moe': no such file."), o.err());
  }

  @Test
  void unknownBackendIsReportedWithoutAStackTrace() {
    CliOutcome o = run("run", "--backend", "tpu", "src/test/resources/cli/bf16_matmul.moe");
    assertEquals(1, o.exit());
    assertTrue(o.err().contains("Unknown backend 'tpu'; available:"), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
  }

  @Test
  void backendRefusalIsARuntimeErrorWithTheStatementsSpan() {
    CliOutcome o = run("run", "--backend", "djl", "src/test/resources/cli/bf16_matmul.moe");
    assertEquals(1, o.exit());
    assertTrue(o.err().contains("bf16_matmul.moe:2:1: error[E0303]: The djl backend failed:"), o.err());
    assertTrue(o.err().contains("help: Try --backend nd4j."), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
  }

  @Test
  void helpExitsZero() {
    CliOutcome o = run("--help");
    assertEquals(0, o.exit());
    assertTrue(o.out().contains("moe run"), o.out());
  }
}
