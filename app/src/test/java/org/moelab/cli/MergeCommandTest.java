package org.moelab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moelab.cli.CliOutcome.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.SafetensorsWriter;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.Planner;
import org.moelab.merge.stream.MergeCancelledException;
import org.moelab.merge.stream.MergeProgress;
import org.moelab.merge.stream.StreamingMerge;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * {@code moe merge CONFIG.yml OUT_DIR} (resuming an interrupted merge, or not with --no-resume) and
 * {@code moe import CONFIG.yml}, end to end through {@link Main}.
 */
class MergeCommandTest {
  @TempDir Path dir;

  @Test
  void aMergekitConfigIsMergedIntoACheckpoint() throws Exception {
    Path config = linearConfig("linear");
    Path target = dir.resolve("merged");
    CliOutcome o = run("merge", config.toString(), target.toString());
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
    CliOutcome o = run("merge", config.toString(), target.toString());
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("merge_method 'linear_typo' is not supported; choose one of linear"), o.err());
    assertTrue(o.err().contains(config.getFileName().toString()), "names the config: " + o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    assertFalse(Files.exists(target), "nothing written");
  }

  @Test
  void importPrintsTheEquivalentProgram() throws Exception {
    CliOutcome o = run("import", linearConfig("linear").toString());
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("let a = checkpoint("), o.out());
    assertTrue(o.out().contains("linear([a, b], weights = [0.25, 0.75]"), o.out());
  }

  @Test
  void anInterruptedMergeIsResumedAndSaysSo() throws Exception {
    Path config = threeTensorConfig();
    Path target = dir.resolve("merged");
    cancelAfterTwoTensors(config, target);
    CliOutcome o = run("merge", config.toString(), target.toString(), "--out-shard-size", "24B", "--quiet");
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.err().contains("resuming: 2 of 3 shards already merged (2 of 3 tensors), merging the other 1 tensor\n"),
        o.err());
    assertTrue(o.out().startsWith("merged 1 tensors into " + target + " (2 more kept from the interrupted run)"),
        o.out());
    try (ShardedCheckpoint merged = ShardedCheckpoint.open(target)) {
      for (int i = 0; i < 3; i++) {
        // 0.25·(1 + i) + 0.75·(3 + i)
        float v = 2.5f + i;
        assertArrayEquals(new float[] {v, v, v, v, v, v}, merged.read("w" + i).toFloatArray());
      }
    }
  }

  @Test
  void noResumeStartsOverAndSaysWhy() throws Exception {
    Path config = threeTensorConfig();
    Path target = dir.resolve("merged");
    cancelAfterTwoTensors(config, target);
    CliOutcome o = run("merge", config.toString(), target.toString(), "--out-shard-size", "24B", "--no-resume");
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.err().contains("not resuming the partial merge in " + dir.resolve(".merged.moe-partial")
        + ": 2 finished shards discarded (a fresh start was asked for); starting over"), o.err());
    assertTrue(o.out().startsWith("merged 3 tensors into " + target + ":"), o.out());
    assertFalse(Files.exists(dir.resolve(".merged.moe-partial")));
  }

  @Test
  void saveMergeInAProgramResumesTooAndSaysSo() throws Exception {
    Path config = threeTensorConfig();
    Path target = dir.resolve("merged");
    cancelAfterTwoTensors(config, target);
    Path program = dir.resolve("resume.moe");
    Files.writeString(program, "let r = save_merge(mergekit(\"" + config + "\"), \"" + target + "\", shard_size = 24)\n"
        + "print(r.tensors)\n");
    CliOutcome o = run("run", program.toString());
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("resuming: 2 of 3 shards already merged (2 of 3 tensors), merging the other 1 tensor"),
        o.out());
    assertTrue(o.out().endsWith("3\n"), o.out());
    try (ShardedCheckpoint merged = ShardedCheckpoint.open(target)) {
      assertArrayEquals(new float[] {4.5f, 4.5f, 4.5f, 4.5f, 4.5f, 4.5f}, merged.read("w2").toFloatArray());
    }
  }

  /** Runs the config's merge through the library and cancels it after two of its three one-tensor shards. */
  private void cancelAfterTwoTensors(Path config, Path target) throws Exception {
    MergePlan plan = Planner.plan(MergekitYaml.parse(Files.readString(config), config.toString()), dir, target);
    int[] polls = {0};
    assertThrows(MergeCancelledException.class,
        () -> StreamingMerge.run(plan, target, 24, MergeProgress.NONE, () -> ++polls[0] > 2));
    assertFalse(Files.exists(target));
  }

  /** Checkpoints a (1 + i) and b (3 + i) of three tensors w0..w2 [2, 3], and a linear config of them. */
  private Path threeTensorConfig() throws Exception {
    for (String name : List.of("a", "b")) {
      Path model = Files.createDirectories(dir.resolve(name));
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < 3; i++) {
        float[] v = new float[6];
        java.util.Arrays.fill(v, (name.equals("a") ? 1f : 3f) + i);
        tensors.put("w" + i, HostTensor.ofFloats(Shape.of(2, 3), v));
      }
      SafetensorsWriter.write(model.resolve("model.safetensors"), tensors);
    }
    String yaml = "merge_method: linear\nmodels:\n"
        + "  - model: " + dir.resolve("a") + "\n    parameters: {weight: 0.25}\n"
        + "  - model: " + dir.resolve("b") + "\n    parameters: {weight: 0.75}\n"
        + "dtype: float32\n";
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yaml);
    return config;
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
