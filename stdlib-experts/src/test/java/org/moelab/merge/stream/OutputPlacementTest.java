package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.io.TensorFiles;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergeSpec;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.Planner;
import org.moelab.tensor.DType;

/**
 * Where a merge may be written: beside single-file inputs is fine; an input checkpoint directory,
 * a folder inside one, an input file itself or a folder holding an input file are refused.
 */
class OutputPlacementTest {
  private static final String OVERLAP = "overlaps the input";

  @TempDir Path dir;

  /** Linear merge of {@code a} and {@code b} with equal weights. */
  private static MergeSpec linear(String a, String b) {
    return MergekitYaml.parse("merge_method: linear\nmodels:\n  - model: " + a + "\n    parameters: {weight: 1.0}\n"
        + "  - model: " + b + "\n    parameters: {weight: 1.0}\n", "t.yml");
  }

  /** {@code folder/a.safetensors} = 1 and {@code folder/b.safetensors} = 3, one tensor each. */
  private Path singleFiles() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("D"));
    TensorFiles.save(Map.of("w", Checkpoints.fill(DType.F32, new long[] {2, 2}, 1f)), folder.resolve("a.safetensors"));
    TensorFiles.save(Map.of("w", Checkpoints.fill(DType.F32, new long[] {2, 2}, 3f)), folder.resolve("b.safetensors"));
    return folder;
  }

  private String refusal(MergeSpec spec, Path out) {
    PlanException e = assertThrows(PlanException.class, () -> Planner.plan(spec, dir, out));
    return e.getMessage();
  }

  @Test
  void outputBesideSingleFileInputsIsWritten() throws Exception {
    Path folder = singleFiles();
    Path out = folder.resolve("out");
    MergeSpec spec = linear("D/a.safetensors", "D/b.safetensors");
    MergeResult r = StreamingMerge.run(Planner.plan(spec, dir, out), out, 1 << 20, MergeProgress.NONE, () -> false);
    assertEquals(1, r.tensors());
    try (ShardedCheckpoint c = ShardedCheckpoint.open(out)) {
      assertArrayEquals(new float[] {2f, 2f, 2f, 2f}, c.read("w").toFloatArray());
    }
    assertTrue(Files.exists(folder.resolve("a.safetensors")));
  }

  @Test
  void outputEqualToACheckpointDirectoryIsRefused() throws Exception {
    Checkpoints.constant(dir, "a", 1f, DType.F32);
    Checkpoints.constant(dir, "b", 3f, DType.F32);
    String message = refusal(linear("a", "b"), dir.resolve("a"));
    assertTrue(message.contains("the output directory " + dir.resolve("a") + " " + OVERLAP + " " + dir.resolve("a")),
        message);
    assertTrue(message.contains("write the merge to a directory outside every input"), message);
  }

  @Test
  void outputInsideACheckpointDirectoryIsRefused() throws Exception {
    Checkpoints.constant(dir, "a", 1f, DType.F32);
    Checkpoints.constant(dir, "b", 3f, DType.F32);
    assertTrue(refusal(linear("a", "b"), dir.resolve("b/merged")).contains(OVERLAP + " " + dir.resolve("b")));
    Path index = dir.resolve("b/model.safetensors.index.json");
    assertTrue(Files.exists(index));
    String viaIndex = refusal(linear("a", "b/model.safetensors.index.json"), dir.resolve("b/merged"));
    assertTrue(viaIndex.contains(OVERLAP + " " + index), viaIndex);
    assertFalse(Files.exists(dir.resolve("b/merged")));
  }

  @Test
  void outputHoldingOrBeingAnInputFileIsRefused() throws Exception {
    Path folder = singleFiles();
    MergeSpec spec = linear("D/a.safetensors", "D/b.safetensors");
    String holding = refusal(spec, folder);
    assertTrue(holding.contains(OVERLAP + " " + folder.resolve("a.safetensors")), holding);
    assertTrue(holding.contains(OVERLAP + " " + folder.resolve("b.safetensors")), holding);
    String parent = refusal(spec, dir);
    assertTrue(parent.contains(OVERLAP + " " + folder.resolve("a.safetensors")), parent);
    String itself = refusal(spec, folder.resolve("a.safetensors"));
    assertTrue(itself.contains(OVERLAP + " " + folder.resolve("a.safetensors")), itself);
    assertFalse(itself.contains(OVERLAP + " " + folder.resolve("b.safetensors")), itself);
  }
}
