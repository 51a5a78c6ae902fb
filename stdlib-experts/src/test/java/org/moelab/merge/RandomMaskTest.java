package org.moelab.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Statistical properties of the random methods, with bounds of at least four standard deviations. */
class RandomMaskTest {
  private static final int N = 200_000;

  private static float[] randomDelta(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] d = new float[N];
    for (int i = 0; i < N; i++) {
      d[i] = (float) (r.nextGaussian() * 0.01);
    }
    return d;
  }

  private static float[] dare(float[] delta, double density, MergeOptions options, String name) {
    TensorInputs in = new TensorInputs(name, new long[] {N}, new float[N], List.of(delta));
    return TensorMerge.merge(MergeMethod.DARE_LINEAR, in, List.of(ModelParams.DEFAULT.withDensity(density)), options);
  }

  @Test
  void keptFractionIsTheDensity() {
    for (double density : new double[] {0.1, 0.3, 0.9}) {
      float[] out = dare(randomDelta(1), density, MergeOptions.defaults(MergeMethod.DARE_LINEAR).withSeed(42), "w");
      double kept = Arrays.stream(box(out)).filter(v -> v != 0).count() / (double) N;
      double sigma = Math.sqrt(density * (1 - density) / N);
      assertEquals(density, kept, 5 * sigma, "density " + density);
    }
  }

  @Test
  void l1RescaleMatchesTheNormExactlyAndDensityRescaleInExpectation() {
    float[] delta = randomDelta(2);
    double before = Sparsify.l1(delta);
    MergeOptions o = MergeOptions.defaults(MergeMethod.DARE_LINEAR).withSeed(3);
    assertEquals(before, Sparsify.l1(dare(delta, 0.2, o, "w")), before * 1e-5);
    double ratio = Sparsify.l1(dare(delta, 0.2, o.withRescaleMode(RescaleMode.DENSITY), "w")) / before;
    // The kept L1 is a sum of N Bernoulli(0.2)-weighted magnitudes: relative sd ≈ sqrt(0.8 / (0.2 N)) · 1.33.
    assertEquals(1.0, ratio, 5 * Math.sqrt(0.8 / (0.2 * N)) * 1.33);
  }

  @Test
  void maskDependsOnSeedNameAndModelOnly() {
    float[] delta = randomDelta(4);
    MergeOptions o = MergeOptions.defaults(MergeMethod.DARE_LINEAR).withSeed(9);
    float[] first = dare(delta.clone(), 0.5, o, "layers.0.w");
    dare(delta.clone(), 0.5, o, "layers.1.w");
    assertArrayEquals(first, dare(delta.clone(), 0.5, o, "layers.0.w"));
    assertFalse(Arrays.equals(first, dare(delta.clone(), 0.5, o, "layers.1.w")));
    assertFalse(Arrays.equals(first, dare(delta.clone(), 0.5, o.withSeed(10), "layers.0.w")));
    MaskRandom m0 = MaskRandom.of(9, "w", 0);
    MaskRandom m1 = MaskRandom.of(9, "w", 1);
    assertTrue(m0.uniform(5) != m1.uniform(5));
  }

  @Test
  void dellaKeepsTheDensityOnAverageAndFavoursLargeMagnitudes() {
    int rows = 100;
    int cols = N / rows;
    float[] delta = randomDelta(5);
    float[] probs = Sparsify.dellaProbabilities(delta, new long[] {rows, cols}, 0.4, 0.2);
    double mean = 0;
    for (float p : probs) {
      mean += p;
    }
    assertEquals(0.4, mean / N, 1e-6);
    int largest = 0;
    int smallest = 0;
    for (int j = 1; j < cols; j++) {
      largest = Math.abs(delta[j]) > Math.abs(delta[largest]) ? j : largest;
      smallest = Math.abs(delta[j]) < Math.abs(delta[smallest]) ? j : smallest;
    }
    assertEquals(0.6f, probs[largest], 1e-6f);
    assertEquals(0.2f, probs[smallest], 1e-6f);
  }

  private static double[] box(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }
}
