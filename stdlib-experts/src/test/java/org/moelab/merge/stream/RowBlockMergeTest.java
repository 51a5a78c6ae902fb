package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.io.ShardedWriter;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.Planner;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * The streamed merge in row blocks (one row per block, two threads, several passes where the method
 * needs per-tensor statistics) against the PyTorch fixtures of {@code gen_merge_fixtures.py}, and
 * bit for bit against the same merge done in one block.
 */
class RowBlockMergeTest {
  private static final double TOLERANCE = 2e-5;
  @TempDir Path dir;

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = RowBlockMergeTest.class.getResourceAsStream("/merge/methods.json")) {
      List<JsonNode> cases = new ArrayList<>();
      new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
      return cases.stream().filter(c -> {
        MergeMethod m = MergeMethod.fromName(c.get("method").asText()).orElseThrow();
        return m.isTaskArithmetic() || m == MergeMethod.LINEAR || m == MergeMethod.PASSTHROUGH;
      });
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void rowBlocksMatchTorchAndTheWholeTensor(JsonNode c) throws IOException {
    String name = c.get("name").asText();
    long[] shape = new long[c.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = c.get("shape").get(i).asLong();
    }
    if (!c.get("base").isNull()) {
      checkpoint("base", name, shape, c.get("base"));
    }
    for (int m = 0; m < c.get("models").size(); m++) {
      checkpoint("m" + m, name, shape, c.get("models").get(m));
    }
    String yaml = config(c);
    float[] blocked = merge(yaml, "blocked", new StreamLimits(4, 2), name);
    float[] whole = merge(yaml, "whole", new StreamLimits(1L << 30, 1), name);
    JsonNode want = c.get("expected");
    assertEquals(want.size(), blocked.length);
    for (int i = 0; i < blocked.length; i++) {
      double w = want.get(i).asDouble();
      assertTrue(Math.abs(w - blocked[i]) <= TOLERANCE * Math.max(1, Math.abs(w)),
          name + "[" + i + "]: expected " + w + ", got " + blocked[i]);
    }
    assertArrayEquals(whole, blocked, name + ": blocking changed the result");
  }

  private void checkpoint(String model, String tensor, long[] shape, JsonNode values) {
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) values.get(i).asDouble();
    }
    ShardedWriter.write(dir.resolve(model), Map.of(tensor, HostTensor.ofFloats(Shape.of(shape), v)), 1 << 20,
        Map.of(), false);
  }

  private float[] merge(String yaml, String out, StreamLimits limits, String tensor) {
    Path target = dir.resolve(out);
    MergePlan plan = Planner.plan(MergekitYaml.parse(yaml, "test.yml"), dir, target);
    StreamingMerge.run(plan, target, 1 << 20, limits, MergeProgress.NONE, () -> false);
    try (ShardedCheckpoint ckpt = ShardedCheckpoint.open(target)) {
      return ckpt.read(tensor).toFloatArray();
    }
  }

  /** A mergekit config with the case's parameters, only those the method reads. */
  private static String config(JsonNode c) {
    MergeMethod method = MergeMethod.fromName(c.get("method").asText()).orElseThrow();
    StringBuilder y = new StringBuilder("merge_method: " + method.configName() + "\ndtype: float32\n");
    if (!c.get("base").isNull()) {
      y.append("base_model: base\n");
    }
    y.append("models:\n");
    for (int m = 0; m < c.get("models").size(); m++) {
      y.append("  - model: m").append(m).append("\n    parameters: {");
      JsonNode p = c.get("params").get(m);
      y.append(String.join(", ", method.modelParameters().stream().map(k -> k + ": " + p.get(k).asText()).toList()));
      y.append("}\n");
    }
    JsonNode o = c.get("options");
    List<String> globals = method.globalParameters().stream().filter(o::has).map(k -> k + ": " + o.get(k).asText())
        .toList();
    return y.append("parameters: {").append(String.join(", ", globals)).append("}\n").toString();
  }
}
