package org.moelab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.SafetensorsWriter;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** {@code moe merge CONFIG.yml OUT_DIR} and {@code moe import CONFIG.yml}, end to end through {@link Main}. */
class MergeCommandTest {
  private record Outcome(int exit, String out, String err) {}

  @TempDir Path dir;

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aMergekitConfigIsMergedIntoACheckpoint() throws Exception {
    Path config = linearConfig("linear");
    Path target = dir.resolve("merged");
    Outcome o = run("merge", config.toString(), target.toString());
    assertEquals(0, o.exit(), o.err());
    assertTrue(Files.exists(target.resolve("model.safetensors.index.json")), "index written");
    try (ShardedCheckpoint merged = ShardedCheckpoint.open(target)) {
      // 0.25·1 + 0.75·3, normalised by Σw = 1.
      assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f}, merged.read("w").toFloatArray());
    }
  }

  @Test
  void anUnknownMethodIsRefusedWithTheChoicesAndNoStackTrace() throws Exception {
    Path config = linearConfig("linear_typo");
    Path target = dir.resolve("merged");
    Outcome o = run("merge", config.toString(), target.toString());
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("merge_method 'linear_typo' is not supported; choose one of linear"), o.err());
    assertTrue(o.err().contains(config.getFileName().toString()), "names the config: " + o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    assertFalse(Files.exists(target), "nothing written");
  }

  @Test
  void importPrintsTheEquivalentProgram() throws Exception {
    Outcome o = run("import", linearConfig("linear").toString());
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("let a = checkpoint("), o.out());
    assertTrue(o.out().contains("linear([a, b], weights = [0.25, 0.75]"), o.out());
  }

  /** Two one-tensor checkpoints, all ones and all threes, and a config merging them by {@code method}. */
  private Path linearConfig(String method) throws Exception {
    write("a", 1f);
    write("b", 3f);
    String yaml = "merge_method: " + method + "\nmodels:\n"
        + "  - model: " + dir.resolve("a") + "\n    parameters: {weight: 0.25}\n"
        + "  - model: " + dir.resolve("b") + "\n    parameters: {weight: 0.75}\n"
        + "dtype: float32\n";
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yaml);
    return config;
  }

  private void write(String name, float value) throws Exception {
    Path model = Files.createDirectories(dir.resolve(name));
    float[] v = new float[6];
    java.util.Arrays.fill(v, value);
    SafetensorsWriter.write(model.resolve("model.safetensors"), Map.of("w", HostTensor.ofFloats(Shape.of(2, 3), v)));
  }
}
