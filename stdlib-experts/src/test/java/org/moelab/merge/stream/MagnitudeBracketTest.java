package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The threshold bracket's width follows the sample's own run-to-run spread. */
class MagnitudeBracketTest {
  private static int bits(float magnitude) {
    return Float.floatToRawIntBits(magnitude);
  }

  @Test
  void batchSigmaIsTheStandardErrorOfTheRunFractionsInRanks() {
    // Runs of 4: 0, 2, 2 and 4 of their elements above 1.0's bucket: fractions 0, ½, ½, 1, mean ½;
    // variance (¼ + 0 + 0 + ¼)/3 = 1/6, standard error √(1/6/4) = 0.2041, times 16 ranks = 3.266.
    float[] values = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 4f, 0.5f, 4f, 4f, 0.5f, 0.5f, 4f, 4f, 4f, 4f, 4f};
    int[] sample = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      sample[i] = bits(values[i]);
    }
    double sigma = MagnitudeBracket.batchSigma(sample, 16, 4, bits(1f) >>> 15);
    assertEquals(Math.sqrt(1.0 / 6 / 4) * 16, sigma, 1e-12);
    assertEquals(0.0, MagnitudeBracket.batchSigma(sample, 16, 1, bits(1f) >>> 15));
  }

  @Test
  void independentElementsGetAboutTheBinomialWidth() {
    Random r = new Random(5);
    int runs = 256;
    int size = runs * 2048;
    int[] sample = new int[size];
    for (int i = 0; i < size; i++) {
      sample[i] = bits(r.nextFloat());
    }
    double q = 0.5;
    double sigma = MagnitudeBracket.batchSigma(sample, size, runs, bits(0.5f) >>> 15);
    double binomial = Math.sqrt(size * q * (1 - q));
    assertTrue(sigma > 0.7 * binomial && sigma < 1.3 * binomial, sigma + " vs " + binomial);
  }

  @Test
  void runsOfAlikeElementsWidenTheBracketEnoughToHoldTheTrueThreshold() {
    // 1,024 runs whose magnitudes are uniform up to a scale that changes from run to run; the sample
    // is every fourth run, as the one-pass merge samples evenly spaced runs.
    int runs = 1024;
    int length = 512;
    Random r = new Random(9);
    float[] scale = new float[runs];
    int[] population = new int[runs * length];
    for (int g = 0; g < runs; g++) {
      scale[g] = (float) Math.pow(2, r.nextInt(8));
      for (int i = 0; i < length; i++) {
        population[g * length + i] = bits(r.nextFloat() * scale[g]);
      }
    }
    int sampled = runs / 4;
    int[] sample = new int[sampled * length];
    for (int g = 0; g < sampled; g++) {
      System.arraycopy(population, 4 * g * length, sample, g * length, length);
    }
    long n = population.length;
    long k = n / 2;
    MagnitudeBracket spread = MagnitudeBracket.of(sample, sample.length, sampled, n, k, true);
    MagnitudeBracket binomial = MagnitudeBracket.of(sample, sample.length, 1, n, k, true);
    int[] sorted = population.clone();
    Arrays.sort(sorted);
    int threshold = sorted[(int) (n - k)];
    assertTrue(spread.hiBits() - spread.loBits() > 2 * (binomial.hiBits() - binomial.loBits()),
        "the run-to-run spread widens the bracket");
    assertTrue(spread.loBits() <= threshold && threshold <= spread.hiBits(), "the true threshold is inside");
  }

  @Test
  void aPlainBracketSpansSampleValuesAndCountsWhatItHolds() {
    // Continuous magnitudes: no tie group, so the bracket runs from the sample's value at rank
    // q·size − Δ to the one at q·size + Δ, and its fraction is the share of the sample inside.
    Random r = new Random(11);
    int runs = 64;
    int size = runs * 1024;
    int[] sample = new int[size];
    for (int i = 0; i < size; i++) {
      sample[i] = bits(r.nextFloat());
    }
    long n = 1L << 24;
    MagnitudeBracket b = MagnitudeBracket.of(sample, size, runs, n, n / 4, true);
    int[] sorted = sample.clone();
    Arrays.sort(sorted);
    int inside = 0;
    for (int v : sample) {
      inside += v >= b.loBits() && v <= b.hiBits() ? 1 : 0;
    }
    assertTrue(Arrays.binarySearch(sorted, b.loBits()) >= 0 && Arrays.binarySearch(sorted, b.hiBits()) >= 0,
        "both ends are sample values");
    assertTrue(b.loBits() < sorted[3 * size / 4] && sorted[3 * size / 4] < b.hiBits(), "around the 75th percentile");
    assertEquals((double) inside / size, b.sampleFraction(), 1e-12);
    assertEquals(0, b.listFrom());
    assertEquals(n, b.listTo());
  }
}
