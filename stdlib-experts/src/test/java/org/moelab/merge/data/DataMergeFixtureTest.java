package org.moelab.merge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.moelab.merge.MergeException;
import org.moelab.merge.linalg.LinearMap;
import org.moelab.merge.linalg.Matrix;
import org.moelab.merge.linalg.TruncatedSvd;

/** Fisher merging, RegMean and the SVD against {@code tools/fixtures/gen_data_merge_fixtures.py}. */
class DataMergeFixtureTest {
  private static JsonNode root;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = DataMergeFixtureTest.class.getResourceAsStream("/merge/data_merges.json")) {
      root = new ObjectMapper().readTree(in);
    }
  }

  static Stream<JsonNode> fisherCases() throws IOException {
    load();
    return stream(root.get("fisher"));
  }

  static Stream<JsonNode> regmeanCases() throws IOException {
    load();
    return stream(root.get("regmean"));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("fisherCases")
  void fisherMatchesTorch(JsonNode c) {
    float[] got = FisherMerge.merge("w", list(c.get("params")), list(c.get("fishers")), doublesOf(c.get("weights")),
        c.get("floor").asDouble());
    close(floats(c.get("expected")), got, 1e-5, c.get("name").asText());
  }

  @Test
  void fisherFromGradsIsTheMeanSquare() {
    JsonNode c = root.get("fisher_from_grads").get(0);
    close(floats(c.get("expected")), FisherMerge.fromGradients(list(c.get("grads"))), 1e-6, "fisher_from_grads");
  }

  @Test
  void fisherWithZeroFisherAndNoFloorFallsBackToTheWeightedMean() {
    float[] got = FisherMerge.merge("w", List.of(new float[] {1f, 2f}, new float[] {3f, 4f}),
        List.of(new float[] {0f, 1f}, new float[] {0f, 3f}), new double[] {1, 3}, 0.0);
    close(new float[] {(1 + 9) / 4f, (2 + 36) / 10f}, got, 1e-7, "zero Fisher");
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("regmeanCases")
  void regmeanMatchesTorch(JsonNode c) {
    int out = c.get("out").asInt();
    int in = c.get("in").asInt();
    List<float[]> grams = new ArrayList<>();
    for (JsonNode x : c.get("inputs")) {
      grams.add(RegMean.gram(floats(x), c.get("rows").asInt(), in));
    }
    close(concat(list(c.get("grams"))), concat(grams), 1e-5, c.get("name").asText() + " Gram");
    float[] got = RegMean.merge("w", out, in, list(c.get("weights")), grams, c.get("alpha").asDouble());
    close(floats(c.get("expected")), got, 1e-4, c.get("name").asText());
  }

  @Test
  void regmeanRefusesASingularGram() {
    float[] dead = RegMean.gram(new float[] {1, 0, 2, 0}, 2, 2);
    MergeException e = assertThrows(MergeException.class, () -> RegMean.merge("layer.w", 1, 2,
        List.of(new float[] {1, 2}, new float[] {3, 4}), List.of(dead, dead), 1.0));
    assertTrue(e.getMessage().contains("layer.w") && e.getMessage().contains("singular"), e.getMessage());
  }

  @Test
  void truncatedSvdIteratesToLapacksValues() {
    JsonNode c = root.get("svd").get(0);
    int rows = c.get("rows").asInt();
    int cols = c.get("cols").asInt();
    int k = c.get("k").asInt();
    Matrix m = new Matrix(rows, cols, doublesOf(c.get("matrix")));
    TruncatedSvd svd = TruncatedSvd.of(LinearMap.dense(m), k);
    double[] want = doublesOf(c.get("singular_values"));
    for (int i = 0; i < k; i++) {
      assertEquals(want[i], svd.s()[i], 1e-10, "singular value " + i);
    }
    double[] recon = doublesOf(c.get("reconstruction"));
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double s = 0;
        for (int t = 0; t < k; t++) {
          s += svd.u().get(i, t) * svd.s()[t] * svd.vh().get(t, j);
        }
        assertEquals(recon[i * cols + j], s, 1e-9, "reconstruction [" + i + ", " + j + "]");
      }
    }
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out.stream();
  }

  private static List<float[]> list(JsonNode arrays) {
    List<float[]> out = new ArrayList<>();
    arrays.forEach(a -> out.add(floats(a)));
    return out;
  }

  private static float[] concat(List<float[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static void close(float[] want, float[] got, double tolerance, String where) {
    assertEquals(want.length, got.length, where + ": size");
    for (int i = 0; i < want.length; i++) {
      double tol = tolerance * Math.max(1, Math.abs(want[i]));
      assertTrue(Math.abs(want[i] - got[i]) <= tol, where + "[" + i + "]: expected " + want[i] + ", got " + got[i]);
    }
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  private static double[] doublesOf(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
