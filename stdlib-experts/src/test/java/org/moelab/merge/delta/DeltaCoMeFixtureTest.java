package org.moelab.merge.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Delta-CoMe-style compression against numpy ({@code tools/fixtures/gen_delta_fixtures.py}). */
class DeltaCoMeFixtureTest {
  /**
   * The generator checks that every code x/s lies at least 1e-6 from a rounding boundary and that
   * the singular values are well separated, so both sides choose the same integer codes (both fix
   * each singular pair's sign by the same rule: the min–max grid is not odd, so signs must agree).
   * What remains is the two SVDs' float64 rounding (~1e-13) and one f32 rounding of the result each:
   * the cases agree to 2e-7 relative (about one f32 ulp); 1e-6 leaves room for other platforms'
   * LAPACK. A differing code would move an entry by a whole quantisation step times σ times a vector
   * entry: typically ten times this tolerance or more, even in the 16-bit case.
   */
  private static final double TOLERANCE = 1e-6;

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = DeltaCoMeFixtureTest.class.getResourceAsStream("/merge/delta_come.json")) {
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).get("cases").forEach(out::add);
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesNumpy(JsonNode c) {
    long[] shape = new long[c.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = c.get("shape").get(i).asLong();
    }
    float[] base = c.get("base").isNull() ? null : floats(c.get("base"));
    float[] got = DeltaCoMe.compressTensor(floats(c.get("model")), base, shape, ints(c.get("ranks")),
        ints(c.get("bits")));
    float[] want = floats(c.get("expected"));
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], TOLERANCE * Math.max(1, Math.abs(want[i])), c.get("name").asText() + " [" + i + "]");
    }
  }

  private static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }
}
