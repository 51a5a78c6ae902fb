package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.MergeSpec;
import org.moelab.merge.plan.ModelRef;
import org.moelab.merge.plan.ParamSetting;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.Planner;
import org.moelab.tensor.DType;

/** Whole-checkpoint merges with hand-worked values, sharding, config copies and plan errors. */
class StreamingMergeTest {
  @TempDir Path dir;

  private MergeResult merge(String yaml, Path out, long shard) {
    MergeSpec spec = MergekitYaml.parse(yaml, "test.yml");
    MergePlan plan = Planner.plan(spec, dir, out);
    return StreamingMerge.run(plan, out, shard, MergeProgress.NONE, () -> false);
  }

  @Test
  void linearBf16InF32OutShardedWithConfig() throws Exception {
    Checkpoints.constant(dir, "a", 1f, DType.BF16);
    Checkpoints.constant(dir, "b", 3f, DType.BF16);
    List<String> seen = new ArrayList<>();
    MergeSpec spec = MergekitYaml.parse("""
        merge_method: linear
        models:
          - model: a
            parameters: {weight: 1.0}
          - model: b
            parameters: {weight: 3.0}
        out_dtype: float32
        """, "t.yml");
    Path out = dir.resolve("out");
    MergeResult r = StreamingMerge.run(Planner.plan(spec, dir, out), out, 40,
        (done, total, read, all, name) -> seen.add(done + "/" + total), () -> false);
    assertEquals(6, r.tensors());
    assertEquals(List.of("1/6", "2/6", "3/6", "4/6", "5/6", "6/6"), seen);
    try (ShardedCheckpoint c = ShardedCheckpoint.open(out)) {
      assertTrue(c.shards().size() > 1);
      // (1·1 + 3·3) / 4 = 2.5 ; layer 1: (1·2 + 3·4) / 4 = 3.5
      assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, c.read("model.norm.weight").toFloatArray());
      assertEquals(DType.F32, c.info("model.norm.weight").dtype());
      assertEquals(3.5f, c.read("model.layers.1.mlp.up_proj.weight").toFloatArray()[0]);
    }
    assertTrue(Files.exists(out.resolve("config.json")));
    assertTrue(Files.exists(out.resolve("tokenizer.model")));
  }

  @Test
  void gradientsAndFiltersFollowLayerDepth() throws Exception {
    Checkpoints.constant(dir, "base", 0f, DType.F32);
    Checkpoints.constant(dir, "m", 1f, DType.F32);
    Path out = dir.resolve("out");
    merge("""
        merge_method: task_arithmetic
        base_model: base
        models:
          - model: m
            parameters:
              weight:
                - filter: mlp
                  value: [0.0, 1.0]
                - value: 0.5
        """, out, 1 << 20);
    try (ShardedCheckpoint c = ShardedCheckpoint.open(out)) {
      // delta is 1 everywhere; mlp weights follow the gradient over depth t = layer / (2 - 1)
      assertEquals(0f, c.read("model.layers.0.mlp.up_proj.weight").toFloatArray()[0]);
      assertEquals(1f + 1f, c.read("model.layers.1.mlp.up_proj.weight").toFloatArray()[0]);
      assertEquals(0.5f, c.read("model.layers.0.self_attn.q_proj.weight").toFloatArray()[0]);
      assertEquals(0.5f, c.read("model.norm.weight").toFloatArray()[0]);
    }
  }

  @Test
  void slicesStackLayerRanges() throws Exception {
    Checkpoints.constant(dir, "a", 10f, DType.F32);
    Checkpoints.constant(dir, "b", 20f, DType.F32);
    Path out = dir.resolve("out");
    merge("""
        merge_method: passthrough
        slices:
          - sources:
              - model: a
                layer_range: [0, 2]
          - sources:
              - model: b
                layer_range: [1, 2]
        """, out, 1 << 20);
    try (ShardedCheckpoint c = ShardedCheckpoint.open(out)) {
      assertEquals(10f, c.read("model.embed_tokens.weight").toFloatArray()[0]);
      assertEquals(11f, c.read("model.layers.1.mlp.up_proj.weight").toFloatArray()[0]);
      assertEquals(21f, c.read("model.layers.2.mlp.up_proj.weight").toFloatArray()[0]);
      assertEquals(20f, c.read("model.norm.weight").toFloatArray()[0]);
      assertEquals(8, c.names().size());
    }
  }

  @Test
  void planReportsEveryProblemAtOnce() throws Exception {
    Checkpoints.constant(dir, "base", 0f, DType.F32);
    Path odd = dir.resolve("odd");
    ShardedWriterHelper.write(odd, Map.of("model.norm.weight", Checkpoints.fill(DType.F32, new long[] {5}, 1f)));
    MergeSpec spec = new MergeSpec(MergeMethod.TIES, "base",
        List.of(new ModelRef("odd", Map.of("density", new ParamSetting.Scalar(1.5), "densty", new ParamSetting.Scalar(0.5))),
            ModelRef.of("missing")), List.of(), Map.of(), null, null);
    PlanException e = assertThrows(PlanException.class, () -> Planner.plan(spec, dir, dir.resolve("out")));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("cannot open model missing"), all);
    assertTrue(all.contains("'densty' is not a parameter of ties"), all);
    assertTrue(e.getMessage().startsWith("The merge cannot start"), e.getMessage());
  }

  @Test
  void planReportsMissingTensorsShapesAndRanges() throws Exception {
    Checkpoints.constant(dir, "base", 0f, DType.F32);
    Path odd = dir.resolve("odd");
    ShardedWriterHelper.write(odd, Map.of("model.norm.weight", Checkpoints.fill(DType.F32, new long[] {5}, 1f)));
    MergeSpec spec = new MergeSpec(MergeMethod.DELLA, "base",
        List.of(new ModelRef("odd", Map.of("density", new ParamSetting.Scalar(0.5), "epsilon",
            new ParamSetting.Scalar(0.6)))), List.of(), Map.of(), null, null);
    PlanException e = assertThrows(PlanException.class, () -> Planner.plan(spec, dir, null));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("has no tensor 'model.layers.0.mlp.up_proj.weight'"), all);
    assertTrue(all.contains("is [5] in model odd but [3]"), all);
    assertTrue(all.contains("density ± epsilon"), all);
  }

  @Test
  void refusesToWriteIntoAnInputAndCancelsCleanly() throws Exception {
    Checkpoints.constant(dir, "a", 1f, DType.F32);
    MergeSpec spec = MergekitYaml.parse("merge_method: passthrough\nmodels:\n  - model: a\n", "t.yml");
    PlanException e = assertThrows(PlanException.class, () -> Planner.plan(spec, dir, dir.resolve("a/merged")));
    assertTrue(e.getMessage().contains("overlaps the input"), e.getMessage());
    Path out = dir.resolve("out");
    MergePlan plan = Planner.plan(spec, dir, out);
    int[] polls = {0};
    assertThrows(MergeCancelledException.class,
        () -> StreamingMerge.run(plan, out, 1 << 20, MergeProgress.NONE, () -> ++polls[0] > 2));
    assertFalse(Files.exists(out));
    try (var list = Files.list(dir)) {
      assertTrue(list.noneMatch(p -> p.getFileName().toString().startsWith(".out")));
    }
  }
}
