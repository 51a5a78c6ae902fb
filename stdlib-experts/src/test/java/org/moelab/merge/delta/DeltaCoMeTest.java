package org.moelab.merge.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.moelab.merge.linalg.LinearMap;
import org.moelab.merge.linalg.Matrix;
import org.moelab.merge.linalg.TruncatedSvd;

/** Delta-CoMe-style compression on hand-worked values and properties of the bit widths. */
class DeltaCoMeTest {
  /** [[3], [1]]·[2, 6, 9]: rank 1, u = [3, 1]/√10, v = [2, 6, 9]/11, σ = 11√10. */
  private static final float[] RANK_ONE = {6, 18, 27, 2, 6, 9};

  @Test
  void quantizeRoundsHalfToEvenOnAnAsymmetricGridWithAZeroPoint() {
    // 2 bits: s = (2 − (−1)) / 3 = 1, z = 1; x/s = [−1, 2, 0.75, 1.5] → [−1, 2, 1, 2] (half to even):
    // four levels −1, 0, 1, 2
    assertArrayEquals(new double[] {-1, 2, 1, 2}, DeltaCoMe.quantize(new double[] {-1, 2, 0.75, 1.5}, 2));
    // 3 bits: s = (5 − (−2)) / 7 = 1, z = 2; x/s = [−2, 5, 0.5, −1.5] → [−2, 5, 0, −2] (half to even)
    assertArrayEquals(new double[] {-2, 5, 0, -2}, DeltaCoMe.quantize(new double[] {-2, 5, 0.5, -1.5}, 3));
    // a rounded zero point: s = 3.5 / 3 = 7/6, z = round(6/7) = 1; −1/s = −6/7 → −1, 2.5/s = 15/7 → 2,
    // so the levels are −7/6, 0, 7/6, 7/3 and neither end of the range is hit exactly
    assertArrayEquals(new double[] {-7 / 6.0, 7 / 3.0}, DeltaCoMe.quantize(new double[] {-1, 2.5}, 2), 1e-15);
  }

  @Test
  void theRangeContainsZeroSoAOneSignedColumnKeepsItsCodes() {
    // 2 bits on [1, 3, 2.5]: the range widens to [0, 3], s = 1, z = 0; codes [1, 3, 2] (half to even)
    assertArrayEquals(new double[] {1, 3, 2}, DeltaCoMe.quantize(new double[] {1, 3, 2.5}, 2));
    assertArrayEquals(new double[] {-1, -3, -2}, DeltaCoMe.quantize(new double[] {-1, -3, -2.5}, 2));
  }

  @Test
  void aConstantColumnIsReproducedExactly() {
    assertArrayEquals(new double[] {0.3, 0.3, 0.3}, DeltaCoMe.quantize(new double[] {0.3, 0.3, 0.3}, 2));
    assertArrayEquals(new double[] {-7.1}, DeltaCoMe.quantize(new double[] {-7.1}, 8));
  }

  @Test
  void oneBitIsSignTimesMeanAbs() {
    // mean |x| = (3 + 1 + 2 + 0) / 4 = 1.5; sign(0) = 0
    assertArrayEquals(new double[] {1.5, -1.5, 1.5, 0}, DeltaCoMe.quantize(new double[] {3, -1, 2, 0}, 1));
  }

  @Test
  void zerosStayZeroAndZeroBitsDrop() {
    assertArrayEquals(new double[] {0, 0}, DeltaCoMe.quantize(new double[] {0, 0}, 8));
    assertArrayEquals(new double[] {0, 0}, DeltaCoMe.quantize(new double[] {1, -2}, 0));
    assertArrayEquals(new float[6], DeltaCoMe.compress(new float[6], 2, 3, new int[] {2}, new int[] {8}));
  }

  /**
   * Away from ties the min–max grid of −x mirrors that of x (the range, s and the codes negate,
   * z becomes 2^b − 1 − z), so the result is odd here; it is not odd by construction (a zero point
   * −min/s at a tie can round the other way), which is why the sign of a singular pair is fixed
   * ({@link TruncatedSvd}) rather than relied on.
   */
  @Test
  void quantizeIsOddAwayFromTies() {
    double[] x = {0.3, -0.71, 0.05, 0.49};
    for (int b = 1; b <= 16; b++) {
      double[] plus = DeltaCoMe.quantize(x, b);
      double[] minus = DeltaCoMe.quantize(new double[] {-0.3, 0.71, -0.05, -0.49}, b);
      for (int i = 0; i < x.length; i++) {
        assertEquals(-plus[i], minus[i], 1e-15, "bits " + b);
      }
    }
  }

  @Test
  void rankOneWithEightBitsIsTheHandWorkedReconstruction() {
    // ranges widen to contain 0, so z = 0 and s = max/255: u/s = 255·[1, 1/3] → codes [255, 85];
    // v/s = 255·[2/9, 2/3, 1] = [56.67, 170, 255] → codes [57, 170, 255];
    // σ û v̂ᵀ = 11√10 · (3/√10)[1, 1/3] · (9/11)[57, 170, 255]/255 = 27·[1, 1/3]ᵀ [57, 170, 255]/255.
    float[] got = DeltaCoMe.compress(RANK_ONE, 2, 3, new int[] {1}, new int[] {8});
    double[] v = {57 / 255.0, 170 / 255.0, 1};
    double[] u = {1, 1 / 3.0};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(27 * u[i] * v[j], got[i * 3 + j], 1e-5, "[" + i + ", " + j + "]");
        // within the 8-bit step: |error| ≤ σ (|u| Δv + |v| Δu + Δu Δv) with Δ = half a step of each column
        double half = 0.5 / 255;
        double bound = 11 * Math.sqrt(10) * ((3 / Math.sqrt(10)) * (9 / 11.0) * (2 * half + half * half));
        assertTrue(Math.abs(got[i * 3 + j] - RANK_ONE[i * 3 + j]) <= bound, "[" + i + ", " + j + "]");
      }
    }
    assertArrayEquals(new float[] {27 * 57 / 255f, 18, 27, 9 * 57 / 255f, 6, 9}, got, 1e-5f);
  }

  @Test
  void rankOneWithTwoBitsHasFourLevels() {
    // s = max/3, z = 0: u/s = [3, 1] → û = u exactly; v/s = [2/3, 2, 3] → [1, 2, 3], v̂ = [3, 6, 9]/11;
    // σ û v̂ᵀ = 11√10 · [3, 1]/√10 · [3, 6, 9]/11 = [3, 1]ᵀ [3, 6, 9]: only the entries of v's first
    // entry (2 → 3) move
    assertArrayEquals(new float[] {9, 18, 27, 3, 6, 9},
        DeltaCoMe.compress(RANK_ONE, 2, 3, new int[] {1}, new int[] {2}), 1e-5f);
  }

  @Test
  void zeroBitsEverywhereGiveTheBaseExactly() {
    float[] base = random(new Random(1), 5 * 4, 1);
    float[] model = random(new Random(2), 5 * 4, 1);
    assertArrayEquals(base, DeltaCoMe.compressTensor(model, base, new long[] {5, 4}, new int[] {2, 32, 64},
        new int[] {0, 0, 0}));
    assertArrayEquals(new float[20], DeltaCoMe.compress(model, 5, 4, new int[] {2, 32, 64}, new int[] {0, 0, 0}));
  }

  @Test
  void otherRanksPassThroughUnchanged() {
    float[] bias = {1, 2, 3};
    assertSame(bias, DeltaCoMe.compressTensor(bias, new float[] {0, 0, 0}, new long[] {3}, new int[] {2},
        new int[] {8}));
    float[] cube = random(new Random(3), 8, 1);
    assertSame(cube, DeltaCoMe.compressTensor(cube, null, new long[] {2, 2, 2}, new int[] {2}, new int[] {8}));
  }

  @Test
  void ranksBeyondTheMatrixAreClipped() {
    float[] m = random(new Random(4), 3 * 4, 1);
    assertArrayEquals(DeltaCoMe.compress(m, 3, 4, new int[] {3}, new int[] {8}),
        DeltaCoMe.compress(m, 3, 4, new int[] {5}, new int[] {8}));
    assertArrayEquals(DeltaCoMe.compress(m, 3, 4, new int[] {2, 1}, new int[] {8, 3}),
        DeltaCoMe.compress(m, 3, 4, new int[] {2, 32, 64}, new int[] {8, 3, 2}), "the third group is empty");
  }

  @Test
  void sixteenBitsApproachTheTruncatedSvd() {
    int rows = 20;
    int cols = 12;
    float[] m = random(new Random(5), rows * cols, 1);
    float[] got = DeltaCoMe.compress(m, rows, cols, new int[] {2, 3, 4}, new int[] {16, 16, 16});
    TruncatedSvd svd = TruncatedSvd.of(LinearMap.dense(Matrix.ofFloats(rows, cols, m)), 9);
    double err = 0;
    double norm = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double want = 0;
        for (int t = 0; t < 9; t++) {
          want += svd.u().get(i, t) * svd.s()[t] * svd.vh().get(t, j);
        }
        err += (got[i * cols + j] - want) * (got[i * cols + j] - want);
        norm += want * want;
      }
    }
    // the 16-bit step is max|x|/32767 per column, a relative error of order 1e-4 at worst
    assertTrue(Math.sqrt(err / norm) < 1e-4, "relative error " + Math.sqrt(err / norm));
  }

  /**
   * More bits never increase the Frobenius error for a fixed rank split when every group has the
   * same width, on fixed random matrices, along 0 → 1 → 2 → 3 → … → 16 bits (with 2^b levels the
   * asymmetric grid makes 2 bits beat 1 bit, sign · mean|x|). Round-to-nearest grids of successive
   * widths are not nested, so this is no theorem; on vectors of this length the error falls by about
   * half per bit, far beyond that effect. One exception, pinned here: widening one group while the
   * others stay coarse ([8, 3, 2] with one width changed): the groups' errors are not orthogonal and
   * partly cancel, so once a group's own error is small the total can rise by a little (up to 0.2%
   * seen here); it falls steeply before that, 0 → 1 → 2 → 3 bits included.
   */
  @Test
  void moreBitsNeverIncreaseTheError() {
    int rows = 24;
    int cols = 16;
    int[] ranks = {2, 4, 6};
    int[] ladder = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    for (int seed = 10; seed < 13; seed++) {
      float[] m = random(new Random(seed), rows * cols, 0.1);
      for (int g = -1; g < 3; g++) {
        double slack = g < 0 ? 1 : 1.005;
        double previous = Double.POSITIVE_INFINITY;
        for (int b : ladder) {
          double err = error(m, DeltaCoMe.compress(m, rows, cols, ranks, widths(g, b)));
          assertTrue(err <= previous * slack, "seed " + seed + ", group " + g + " at " + b + " bits: " + err
              + " > " + previous);
          previous = err;
        }
        double none = error(m, DeltaCoMe.compress(m, rows, cols, ranks, widths(g, 0)));
        double one = error(m, DeltaCoMe.compress(m, rows, cols, ranks, widths(g, 1)));
        double two = error(m, DeltaCoMe.compress(m, rows, cols, ranks, widths(g, 2)));
        double three = error(m, DeltaCoMe.compress(m, rows, cols, ranks, widths(g, 3)));
        assertTrue(one < none && two < one && three < two, "seed " + seed + ", group " + g + ": 0 > 1 > 2 > 3 bits");
      }
    }
  }

  /** Bits [b, b, b] for group −1, else [8, 3, 2] with group g at b. */
  private static int[] widths(int g, int b) {
    int[] bits = g < 0 ? new int[] {b, b, b} : new int[] {8, 3, 2};
    if (g >= 0) {
      bits[g] = b;
    }
    return bits;
  }

  @Test
  void storageCountsCodesScalesAndSingularValues() {
    // [4096, 4096], ranks [2, 32, 64] at [8, 3, 2]: (8192 + 2 zero points)·(2·8 + 32·3 + 64·2) + 98·96 bits
    long want = 8194L * (2 * 8 + 32 * 3 + 64 * 2) + 98L * 96;
    assertEquals(want, DeltaCoMe.storageBits(4096, 4096, new int[] {2, 32, 64}, new int[] {8, 3, 2}));
    // clipped to min(3, 5) = 3 triplets: 2 at 8 bits, 1 at 3; a 0-bit group costs nothing
    assertEquals(2 * (10 * 8 + 96) + (10 * 3 + 96), DeltaCoMe.storageBits(3, 5, new int[] {2, 32}, new int[] {8, 3}));
    // 1 bit (sign · mean|x|) has no zero points
    assertEquals(8 + 96, DeltaCoMe.storageBits(3, 5, new int[] {1}, new int[] {1}));
    assertEquals(0, DeltaCoMe.storageBits(3, 5, new int[] {2}, new int[] {0}));
  }

  @Test
  void badGroupsAreRefused() {
    float[] m = new float[4];
    assertThrows(IllegalArgumentException.class, () -> DeltaCoMe.compress(m, 2, 2, new int[] {1, 2}, new int[] {8}));
    assertThrows(IllegalArgumentException.class, () -> DeltaCoMe.compress(m, 2, 2, new int[] {-1}, new int[] {8}));
    assertThrows(IllegalArgumentException.class, () -> DeltaCoMe.compress(m, 2, 2, new int[] {1}, new int[] {17}));
  }

  private static double error(float[] want, float[] got) {
    double s = 0;
    for (int i = 0; i < want.length; i++) {
      s += (double) (want[i] - got[i]) * (want[i] - got[i]);
    }
    return Math.sqrt(s);
  }

  private static float[] random(Random r, int n, double scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (r.nextGaussian() * scale);
    }
    return out;
  }
}
