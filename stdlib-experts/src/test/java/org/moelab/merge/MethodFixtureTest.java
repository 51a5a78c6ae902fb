package org.moelab.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every method against the PyTorch reimplementation in {@code tools/fixtures/gen_merge_fixtures.py}. */
class MethodFixtureTest {
  private static final double TOLERANCE = 2e-5;

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = MethodFixtureTest.class.getResourceAsStream("/merge/methods.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> cases = new ArrayList<>();
      root.get("cases").forEach(cases::add);
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesTorch(JsonNode c) {
    MergeMethod method = MergeMethod.fromName(c.get("method").asText()).orElseThrow();
    long[] shape = longs(c.get("shape"));
    List<float[]> models = new ArrayList<>();
    c.get("models").forEach(m -> models.add(floats(m)));
    float[] base = c.get("base").isNull() ? null : floats(c.get("base"));
    List<ModelParams> params = new ArrayList<>();
    c.get("params").forEach(p -> params.add(new ModelParams(p.get("weight").asDouble(), p.get("density").asDouble(),
        p.get("gamma").asDouble(), p.get("epsilon").asDouble(), p.get("scale").asDouble())));
    float[] got = TensorMerge.merge(method, new TensorInputs(c.get("name").asText(), shape, base, models), params,
        options(c.get("options")));
    float[] want = floats(c.get("expected"));
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      double tol = TOLERANCE * Math.max(1, Math.abs(want[i]));
      assertTrue(Math.abs(want[i] - got[i]) <= tol,
          c.get("name").asText() + "[" + i + "]: expected " + want[i] + ", got " + got[i]);
    }
  }

  static MergeOptions options(JsonNode o) {
    return new MergeOptions(o.get("normalize").asBoolean(), o.get("rescale").asBoolean(), o.get("lambda").asDouble(),
        o.get("t").asDouble(), o.get("filter_wise").asBoolean(),
        RescaleMode.fromName(o.get("rescale_mode").asText()).orElseThrow(),
        SignElection.fromName(o.get("sign_election").asText()).orElseThrow(), o.get("seed").asLong(),
        o.get("nuslerp_row_wise").asBoolean(), o.get("nuslerp_flatten").asBoolean(), o.get("max_iter").asInt(),
        o.get("tol").asDouble());
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}
