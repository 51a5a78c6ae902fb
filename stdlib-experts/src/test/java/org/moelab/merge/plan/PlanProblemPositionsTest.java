package org.moelab.merge.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.SafetensorsWriter;
import org.moelab.merge.config.ConfigReport;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** Plan problems caused by one config value point at that value: model paths, parameters, ranges, dtypes. */
class PlanProblemPositionsTest {
  private static final String FILE = "m.yml";

  @TempDir Path dir;

  private PlanException refused(String yaml) {
    MergeSpec spec = MergekitYaml.parse(yaml, FILE);
    return assertThrows(PlanException.class, () -> Planner.plan(spec, dir, dir.resolve("out")));
  }

  /** Each problem as "line:col code message"; "-" for problems with the config as a whole. */
  private static List<String> placed(PlanException e) {
    return e.planProblems().stream().map(p -> (p.positioned() ? p.at().line() + ":" + p.at().column() : "-") + " "
        + p.code() + " " + p.message()).toList();
  }

  /** A two-layer checkpoint of 2×3 tensors filled with {@code value}; {@code normSize} sizes the norm. */
  private void checkpoint(String name, float value, int normSize) throws Exception {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    for (int layer = 0; layer < 2; layer++) {
      t.put("model.layers." + layer + ".mlp.weight", HostTensor.ofFloats(Shape.of(2, 3), fill(6, value)));
    }
    t.put("model.norm.weight", HostTensor.ofFloats(Shape.of(normSize), fill(normSize, value)));
    SafetensorsWriter.write(Files.createDirectories(dir.resolve(name)).resolve("model.safetensors"), t);
  }

  private static float[] fill(int n, float value) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, value);
    return v;
  }

  @Test
  void aMissingModelDirectoryIsReportedAtItsPath() throws Exception {
    checkpoint("a", 1f, 3);
    PlanException e = refused("""
        merge_method: linear
        models:
          - model: a
          - model: nowhere
        """);
    assertEquals(1, e.planProblems().size(), e.getMessage());
    PlanProblem p = e.planProblems().get(0);
    assertEquals(PlanProblem.CHECKPOINT, p.code());
    assertEquals(List.of(4, 12, 4, 19), List.of(p.at().line(), p.at().column(), p.at().endLine(), p.at().endColumn()));
    assertTrue(p.message().startsWith("cannot open model nowhere: "), p.message());
  }

  @Test
  void anOutOfRangeDensityIsReportedOnceAtItsValueThoughEveryTensorUsesIt() throws Exception {
    checkpoint("base", 0f, 3);
    checkpoint("a", 1f, 3);
    PlanException e = refused("""
        merge_method: ties
        base_model: base
        models:
          - model: a
            parameters:
              density: 1.5
              weight: 1
        """);
    assertEquals(List.of("6:16 E0704 model a, tensor model.layers.0.mlp.weight: density 1.5 is outside [0, 1]; "
        + "density is the fraction of the delta kept."), placed(e));
  }

  @Test
  void aGradientOutOfRangeIsReportedAtTheGradient() throws Exception {
    checkpoint("base", 0f, 3);
    checkpoint("a", 1f, 3);
    PlanException e = refused("""
        merge_method: ties
        base_model: base
        models:
          - model: a
            parameters:
              density:
                - filter: norm
                  value: 0.5
                - value: [0.5, 2.0]
        """);
    assertEquals(List.of("9:18 E0704 model a, tensor model.layers.1.mlp.weight: density 2.0 is outside [0, 1]; "
        + "density is the fraction of the delta kept."), placed(e));
  }

  @Test
  void anUnknownParameterNameIsReportedAtTheNameWithTheClosestOne() throws Exception {
    checkpoint("base", 0f, 3);
    checkpoint("a", 1f, 3);
    PlanException e = refused("""
        merge_method: ties
        base_model: base
        models:
          - model: a
            parameters:
              densty: 0.5
        """);
    assertEquals(List.of("6:7 E0703 model a: 'densty' is not a parameter of ties; it takes weight, density. "
        + "Did you mean 'density'?"), placed(e));
  }

  @Test
  void shapesThatDifferAreReportedAtTheModelWhoseTensorDiffers() throws Exception {
    checkpoint("a", 1f, 3);
    checkpoint("b", 3f, 5);
    PlanException e = refused("""
        merge_method: linear
        models:
          - model: a
          - model: b
        """);
    assertEquals(List.of("4:12 E0705 tensor 'model.norm.weight' is [5] in model b but [3] in model a; only tensors "
        + "of equal shape can be merged."), placed(e));
  }

  @Test
  void slerpWithTOutOfRangeIsReportedAtT() throws Exception {
    checkpoint("base", 0f, 3);
    checkpoint("a", 1f, 3);
    PlanException e = refused("""
        merge_method: slerp
        base_model: base
        models:
          - model: a
        parameters:
          t: 1.5
        """);
    assertEquals(List.of("6:6 E0704 tensor model.layers.0.mlp.weight: t = 1.5 is outside [0, 1]; 0 gives the "
        + "base model, 1 the other."), placed(e));
  }

  @Test
  void aLayerRangePastTheModelIsReportedAtTheRange() throws Exception {
    checkpoint("a", 1f, 3);
    PlanException e = refused("""
        merge_method: passthrough
        slices:
          - sources:
              - model: a
                layer_range: [0, 3]
        """);
    assertEquals(List.of("5:22 E0704 slice 1: layer_range [0, 3] of a goes past its 2 layers; the end is "
        + "exclusive, at most 2."), placed(e));
  }

  @Test
  void anUnknownDtypeAndAMissingBaseArePointedAtTheirValues() throws Exception {
    checkpoint("a", 1f, 3);
    PlanException e = refused("""
        merge_method: ties
        models:
          - model: a
        out_dtype: float8
        """);
    assertEquals(List.of("4:12 E0703 dtype 'float8' is not supported; use float32, bfloat16 or float16.",
        "1:15 E0702 ties needs a base model; add 'base_model: PATH'."), placed(e));
  }

  @Test
  void problemsWithNoOneValueNameTheFile() throws Exception {
    String yaml = "merge_method: linear\n";
    PlanException e = refused(yaml);
    assertEquals(List.of("- E0702 nothing to merge; list 'models' or 'slices'.",
        "- E0704 linear needs at least one model besides the base."), placed(e));
    assertEquals("m.yml: error[E0702]: nothing to merge; list 'models' or 'slices'.\n"
        + "m.yml: error[E0704]: linear needs at least one model besides the base.\n", ConfigReport.render(e, FILE, yaml));
  }

  @Test
  void twoPlanProblemsInOneFileAreRenderedInFileOrderWithCarets() throws Exception {
    checkpoint("base", 0f, 3);
    checkpoint("a", 1f, 3);
    String yaml = """
        merge_method: ties
        base_model: base
        models:
          - model: gone
          - model: a
            parameters:
              gamma: 0.5
        """;
    PlanException e = refused(yaml);
    assertEquals("""
        m.yml:4:12: error[E0705]: cannot open model gone: %s
            - model: gone
                     ^~~~
        m.yml:7:7: error[E0703]: model a: 'gamma' is not a parameter of ties; it takes weight, density.
                gamma: 0.5
                ^~~~~
        """.formatted(e.planProblems().get(0).message().substring("cannot open model gone: ".length())),
        ConfigReport.render(e, FILE, yaml));
  }
}
