package org.moelab.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked cases for the edges where references crash, disagree or leave the order open. */
class EdgeCaseTest {
  private static float[] merge(MergeMethod method, float[] base, List<float[]> models, List<ModelParams> params,
      MergeOptions options) {
    return TensorMerge.merge(method, new TensorInputs("w", new long[] {base.length}, base, models), params, options);
  }

  @Test
  void tiesKeepsTheLowerIndexAmongEqualMagnitudes() {
    float[] base = {0, 0, 0, 0};
    float[] model = {1, -1, 1, 0.5f};
    float[] out = merge(MergeMethod.TIES, base, List.of(model), List.of(ModelParams.DEFAULT.withDensity(0.5)),
        MergeOptions.defaults(MergeMethod.TIES));
    assertArrayEquals(new float[] {1, -1, 0, 0}, out);
  }

  @Test
  void allZeroDeltasGiveTheBase() {
    float[] base = {1, 2, 3};
    for (MergeMethod m : List.of(MergeMethod.TIES, MergeMethod.DARE_TIES, MergeMethod.BREADCRUMBS_TIES,
        MergeMethod.TASK_ARITHMETIC, MergeMethod.DELLA)) {
      ModelParams p = ModelParams.DEFAULT.withDensity(0.5).withEpsilon(0.1);
      float[] out = merge(m, base, List.of(base.clone(), base.clone()), List.of(p, p), MergeOptions.defaults(m));
      assertArrayEquals(base, out, m.configName());
    }
  }

  @Test
  void linearRefusesWeightsSummingToZeroWhenNormalising() {
    float[][] models = {{1, 2}, {3, 4}};
    List<ModelParams> params = List.of(ModelParams.weighted(1), ModelParams.weighted(-1));
    TensorInputs in = new TensorInputs("layer.w", new long[] {2}, null, List.of(models));
    MergeException e = assertThrows(MergeException.class,
        () -> TensorMerge.merge(MergeMethod.LINEAR, in, params, MergeOptions.defaults(MergeMethod.LINEAR)));
    assertTrue(e.getMessage().contains("layer.w") && e.getMessage().contains("normalize: false"), e.getMessage());
    float[] out = TensorMerge.merge(MergeMethod.LINEAR, in, params,
        MergeOptions.defaults(MergeMethod.LINEAR).withNormalize(false));
    assertArrayEquals(new float[] {-2, -2}, out);
  }

  @Test
  void densityOneKeepsEveryElement() {
    float[] base = {0, 0, 0};
    float[] a = {1, -2, 3};
    float[] b = {-1, 1, 1};
    List<ModelParams> p = List.of(ModelParams.DEFAULT, ModelParams.DEFAULT);
    // signs: [0 -> +, -1 -> -, 4 -> +]; agreeing deltas: [1 | -2 | 3, 1]; divisors [1, 1, 2].
    float[] out = merge(MergeMethod.TIES, base, List.of(a, b), p, MergeOptions.defaults(MergeMethod.TIES));
    assertArrayEquals(new float[] {1, -2, 2}, out);
  }

  @Test
  void breadcrumbsWithNoOutlierToDropKeepsTheLargest() {
    float[] base = new float[10];
    float[] model = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    ModelParams p = ModelParams.DEFAULT.withDensity(0.5).withGamma(0.01);
    float[] out = merge(MergeMethod.BREADCRUMBS, base, List.of(model), List.of(p),
        MergeOptions.defaults(MergeMethod.BREADCRUMBS));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 6, 7, 8, 9, 10}, out);
  }

  @Test
  void breadcrumbsDropsTopGammaThenTheSmallest() {
    float[] base = new float[10];
    float[] model = {-10, 2, 3, 4, 5, 6, 7, 8, 9, 1};
    ModelParams p = ModelParams.DEFAULT.withDensity(0.5).withGamma(0.2);
    float[] out = merge(MergeMethod.BREADCRUMBS, base, List.of(model), List.of(p),
        MergeOptions.defaults(MergeMethod.BREADCRUMBS));
    assertArrayEquals(new float[] {0, 0, 0, 4, 5, 6, 7, 8, 0, 0}, out);
  }

  @Test
  void signElectionVariants() {
    float[] base = {0};
    List<float[]> models = List.of(new float[] {2}, new float[] {-1}, new float[] {-1.5f});
    List<ModelParams> p = List.of(ModelParams.weighted(3), ModelParams.weighted(1), ModelParams.weighted(1));
    MergeOptions o = MergeOptions.defaults(MergeMethod.TIES);
    // weighted: 6 - 1 - 1.5 > 0 -> + : only model 0 agrees: 6 / 3 = 2.
    assertArrayEquals(new float[] {2}, merge(MergeMethod.TIES, base, models, p, o));
    // unweighted: 2 - 1 - 1.5 < 0 -> - : models 1, 2 agree: (-1 - 1.5) / 2.
    assertArrayEquals(new float[] {-1.25f},
        merge(MergeMethod.TIES, base, models, p, o.withSignElection(SignElection.UNWEIGHTED_SUM)));
    // count: one +, two - -> -.
    assertArrayEquals(new float[] {-1.25f}, merge(MergeMethod.TIES, base, models, p,
        o.withSignElection(SignElection.COUNT)));
  }

  @Test
  void magnitudeWithZeroKeptElementsGivesTheBaseInsteadOfFailing() {
    float[] base = {1, 1};
    float[] out = merge(MergeMethod.TIES, base, List.of(new float[] {2, 3}),
        List.of(ModelParams.DEFAULT.withDensity(0.2)), MergeOptions.defaults(MergeMethod.TIES));
    assertArrayEquals(base, out);
  }

  @Test
  void slerpEndpointsAreTheInputs() {
    float[] a = {1, 0, 0};
    float[] b = {0, 2, 0};
    TensorInputs in = new TensorInputs("w", new long[] {3}, a, List.of(b));
    MergeOptions o = MergeOptions.defaults(MergeMethod.SLERP);
    assertArrayEquals(a, TensorMerge.merge(MergeMethod.SLERP, in, List.of(ModelParams.DEFAULT), o.withT(0)), 1e-6f);
    assertArrayEquals(b, TensorMerge.merge(MergeMethod.SLERP, in, List.of(ModelParams.DEFAULT), o.withT(1)), 1e-6f);
    float h = (float) Math.sqrt(0.5);
    assertArrayEquals(new float[] {h, 2 * h, 0},
        TensorMerge.merge(MergeMethod.SLERP, in, List.of(ModelParams.DEFAULT), o.withT(0.5)), 1e-6f);
  }

  @Test
  void methodsCheckTheirModelCounts() {
    TensorInputs two = new TensorInputs("w", new long[] {1}, new float[] {0}, List.of(new float[] {1}, new float[] {2}));
    List<ModelParams> p = List.of(ModelParams.DEFAULT, ModelParams.DEFAULT);
    assertThrows(MergeException.class,
        () -> TensorMerge.merge(MergeMethod.SLERP, two, p, MergeOptions.defaults(MergeMethod.SLERP)));
    assertThrows(MergeException.class,
        () -> TensorMerge.merge(MergeMethod.PASSTHROUGH, two, p, MergeOptions.defaults(MergeMethod.PASSTHROUGH)));
  }
}
