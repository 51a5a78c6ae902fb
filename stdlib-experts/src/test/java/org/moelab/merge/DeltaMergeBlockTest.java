package org.moelab.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DeltaMerge}'s contract: fed in row blocks of any size and combined in any split, the
 * result is bit for bit the whole-tensor result, for every task-arithmetic method, with many ties
 * in magnitude (quarter steps) and the statistics passes of L1 rescaling.
 */
class DeltaMergeBlockTest {
  private static final int ROWS = 37;
  private static final int COLS = 29;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (MergeMethod m : MergeMethod.values()) {
      if (m.isTaskArithmetic()) {
        cases.add(Arguments.of(m, MergeOptions.defaults(m).withSeed(5)));
        cases.add(Arguments.of(m, MergeOptions.defaults(m).withRescale(true).withSignElection(SignElection.COUNT)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void blockingDoesNotChangeTheResult(MergeMethod method, MergeOptions options) {
    SplittableRandom r = new SplittableRandom(7);
    int n = ROWS * COLS;
    float[] base = new float[n];
    float[][] deltas = new float[3][n];
    for (int i = 0; i < n; i++) {
      base[i] = (float) r.nextGaussian();
      for (float[] d : deltas) {
        d[i] = r.nextInt(4) == 0 ? 0f : (r.nextInt(9) - 4) * 0.25f;
      }
    }
    List<ModelParams> params = List.of(ModelParams.weighted(0.5).withDensity(0.3).withGamma(0.05),
        ModelParams.weighted(0.3).withDensity(0.5).withGamma(0.05), ModelParams.weighted(0.2).withDensity(0.7));
    float[] whole = run(method, options, params, base, deltas, ROWS);
    for (int rows : new int[] {1, 4, 36}) {
      assertArrayEquals(whole, run(method, options, params, base, deltas, rows), rows + " rows per block");
    }
  }

  private static float[] run(MergeMethod method, MergeOptions options, List<ModelParams> params, float[] base,
      float[][] deltas, int rowsPerBlock) {
    long[] shape = {ROWS, COLS};
    DeltaMerge merge = DeltaMerge.of(method, "layers.0.w", shape, params, options);
    int block = rowsPerBlock * COLS;
    for (int pass = 0; pass < merge.passes(); pass++) {
      for (int first = 0; first < base.length; first += block) {
        int length = Math.min(block, base.length - first);
        for (int m = 0; m < deltas.length; m++) {
          merge.observe(pass, m, Arrays.copyOfRange(deltas[m], first, first + length), length, first);
        }
      }
      merge.endPass(pass);
    }
    float[] out = new float[base.length];
    for (int first = 0; first < base.length; first += block) {
      int length = Math.min(block, base.length - first);
      float[][] d = new float[deltas.length][];
      for (int m = 0; m < deltas.length; m++) {
        d[m] = Arrays.copyOfRange(deltas[m], first, first + length);
        merge.sparsify(m, d[m], length, first);
      }
      float[] b = Arrays.copyOfRange(base, first, first + length);
      float[] o = new float[length];
      merge.combine(b, d, o, 0, length / 2);
      merge.combine(b, d, o, length / 2, length);
      System.arraycopy(o, 0, out, first, length);
    }
    return out;
  }
}
