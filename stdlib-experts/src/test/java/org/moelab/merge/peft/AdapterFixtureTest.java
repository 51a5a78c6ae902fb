package org.moelab.merge.peft;

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

/** add_weighted_adapter against the PyTorch reimplementation in {@code tools/fixtures/gen_adapter_merge_fixtures.py}. */
class AdapterFixtureTest {
  private static final double TOLERANCE = 1e-4;

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = AdapterFixtureTest.class.getResourceAsStream("/merge/adapters.json")) {
      List<JsonNode> cases = new ArrayList<>();
      new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesTorch(JsonNode c) {
    LoraAdapter merged = WeightedAdapter.merge(adapters(c), doubles(c.get("weights")), options(c));
    JsonNode expected = c.get("expected");
    String name = c.get("name").asText();
    assertEquals(expected.get("r").asInt(), merged.r(), name + ": rank");
    assertEquals(expected.get("modules").size(), merged.modules().size(), name + ": modules");
    for (JsonNode e : expected.get("modules")) {
      LoraModule m = merged.module(e.get("name").asText());
      String where = name + " " + e.get("name").asText();
      assertEquals(1.0, m.scaling(), where + ": merged adapters have alpha = r");
      close(floats(e.get("a")), m.a(), where + " A");
      close(floats(e.get("b")), m.b(), where + " B");
      close(floats(e.get("delta")), product(m), where + " B A");
    }
  }

  static List<LoraAdapter> adapters(JsonNode c) {
    List<LoraAdapter> out = new ArrayList<>();
    for (JsonNode a : c.get("adapters")) {
      int r = a.get("r").asInt();
      double scaling = a.get("alpha").asDouble() / r;
      List<LoraModule> modules = new ArrayList<>();
      for (JsonNode m : a.get("modules")) {
        modules.add(new LoraModule(m.get("name").asText(), floats(m.get("a")), floats(m.get("b")), r,
            m.get("in").asInt(), m.get("out").asInt(), scaling, false));
      }
      out.add(new LoraAdapter(modules, r, null));
    }
    return out;
  }

  static AdapterMergeOptions options(JsonNode c) {
    return new AdapterMergeOptions(CombinationType.fromName(c.get("type").asText()).orElseThrow(),
        c.get("svd_rank").isNull() ? 0 : c.get("svd_rank").asInt(),
        c.get("svd_clamp").isNull() ? Double.NaN : c.get("svd_clamp").asDouble(),
        c.get("density").isNull() ? Double.NaN : c.get("density").asDouble(),
        MajoritySign.fromName(c.get("majority_sign_method").asText()).orElseThrow(), c.get("seed").asLong(),
        SvdScaling.fromName(c.get("svd_scaling").asText()).orElseThrow());
  }

  static float[] product(LoraModule m) {
    float[] out = new float[m.out() * m.in()];
    for (int o = 0; o < m.out(); o++) {
      for (int j = 0; j < m.in(); j++) {
        double s = 0;
        for (int r = 0; r < m.rank(); r++) {
          s += (double) m.b()[o * m.rank() + r] * m.a()[r * m.in() + j];
        }
        out[o * m.in() + j] = (float) s;
      }
    }
    return out;
  }

  static void close(float[] want, float[] got, String where) {
    assertEquals(want.length, got.length, where + ": size");
    for (int i = 0; i < want.length; i++) {
      double tol = TOLERANCE * Math.max(1, Math.abs(want[i]));
      assertTrue(Math.abs(want[i] - got[i]) <= tol, where + "[" + i + "]: expected " + want[i] + ", got " + got[i]);
    }
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
