package org.moelab.merge.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The block-Krylov truncated SVD against the full one-sided Jacobi SVD (k = min(m, n), which is one
 * exact step) truncated to k: values, vectors (same sign rule) and the rank-k reconstruction.
 */
class TruncatedSvdTest {
  @Test
  void flatSpectrumMatchesTheFullSvd() {
    Matrix m = TruncatedSvdTiming.gaussian(300, 200, new Random(7), 1);
    assertMatchesFull(m, 20);
  }

  @Test
  void wideFlatSpectrumMatchesTheFullSvd() {
    Matrix m = TruncatedSvdTiming.gaussian(200, 300, new Random(8), 1);
    assertMatchesFull(m, 20);
  }

  @Test
  void decayingSpectrumMatchesTheFullSvd() {
    Matrix left = TruncatedSvdTiming.gaussian(300, 200, new Random(9), 1);
    double[] d = new double[200 * 200];
    for (int i = 0; i < 200; i++) {
      d[i * 200 + i] = Math.pow(0.9, i);
    }
    Matrix m = left.times(new Matrix(200, 200, d)).times(TruncatedSvdTiming.gaussian(200, 200, new Random(10), 1));
    assertMatchesFull(m, 20);
  }

  @Test
  void sparsifiedLoraSumMatchesTheFullSvd() {
    assertMatchesFull(TruncatedSvdTiming.sparsifiedLora(240, 160, new Random(11)), 20);
    assertMatchesFull(TruncatedSvdTiming.sparsifiedLora(240, 160, new Random(11)), 60);
  }

  @Test
  void nearTheRankLimitMatchesTheFullSvd() {
    Matrix m = TruncatedSvdTiming.gaussian(300, 200, new Random(12), 1);
    assertMatchesFull(m, 185);
    assertMatchesFull(m, 200);
  }

  /** Rank 12 asked for 20: the top 12 agree, the rest are zero values with zero vectors. */
  @Test
  void rankDeficientMatrixZeroesTheNullSpace() {
    Matrix m = TruncatedSvdTiming.gaussian(300, 12, new Random(13), 1)
        .times(TruncatedSvdTiming.gaussian(12, 200, new Random(14), 1));
    TruncatedSvd got = assertMatchesFull(m, 20);
    for (int c = 12; c < 20; c++) {
      assertEquals(0, got.s()[c], "value " + c);
      for (int j = 0; j < 200; j++) {
        assertEquals(0, got.vh().get(c, j), "vh " + c);
      }
      for (int i = 0; i < 300; i++) {
        assertEquals(0, got.u().get(i, c), "u " + c);
      }
    }
  }

  /** A low-rank product map whose rank bound exceeds the block goes the Krylov route too. */
  @Test
  void productMapMatchesTheDenseFullSvd() {
    Matrix left = TruncatedSvdTiming.gaussian(120, 60, new Random(15), 1);
    Matrix right = TruncatedSvdTiming.gaussian(60, 100, new Random(16), 1);
    TruncatedSvd got = TruncatedSvd.of(LinearMap.product(left, right), 10);
    assertSame(TruncatedSvd.of(LinearMap.dense(left.times(right)), 60), got, 10);
  }

  @Test
  void rankZeroIsEmpty() {
    TruncatedSvd got = TruncatedSvd.of(LinearMap.dense(TruncatedSvdTiming.gaussian(30, 20, new Random(19), 1)), 0);
    assertEquals(0, got.s().length);
    assertEquals(30, got.u().rows());
    assertEquals(0, got.u().cols());
    assertEquals(0, got.vh().rows());
    assertEquals(20, got.vh().cols());
  }

  @Test
  void resultsAreDeterministic() {
    Matrix m = TruncatedSvdTiming.gaussian(150, 100, new Random(17), 1);
    TruncatedSvd a = TruncatedSvd.of(LinearMap.dense(m), 12);
    TruncatedSvd b = TruncatedSvd.of(LinearMap.dense(m), 12);
    for (int c = 0; c < 12; c++) {
      assertEquals(a.s()[c], b.s()[c], 0);
    }
    for (int i = 0; i < a.vh().v().length; i++) {
      assertEquals(a.vh().v()[i], b.vh().v()[i], 0);
    }
  }

  /** The largest-magnitude entry of every right vector is positive. */
  @Test
  void rightVectorsLargestEntryIsPositive() {
    TruncatedSvd got = TruncatedSvd.of(LinearMap.dense(TruncatedSvdTiming.gaussian(150, 100, new Random(18), 1)), 12);
    for (int c = 0; c < 12; c++) {
      double best = 0;
      for (int j = 0; j < 100; j++) {
        best = Math.abs(got.vh().get(c, j)) > Math.abs(best) ? got.vh().get(c, j) : best;
      }
      assertTrue(best > 0, "vector " + c);
    }
  }

  private static TruncatedSvd assertMatchesFull(Matrix m, int k) {
    TruncatedSvd full = TruncatedSvd.of(LinearMap.dense(m), Math.min(m.rows(), m.cols()));
    TruncatedSvd got = TruncatedSvd.of(LinearMap.dense(m), k);
    assertSame(full, got, k);
    return got;
  }

  /** Values to 1e-12 of σ₁, vectors to 1e-8, the rank-k reconstruction to 1e-11 of σ₁. */
  private static void assertSame(TruncatedSvd full, TruncatedSvd got, int k) {
    double scale = full.s()[0];
    int rows = got.u().rows();
    int cols = got.vh().cols();
    for (int c = 0; c < k; c++) {
      assertEquals(full.s()[c], got.s()[c], 1e-12 * scale, "value " + c);
      for (int j = 0; j < cols; j++) {
        assertEquals(full.vh().get(c, j), got.vh().get(c, j), 1e-8, "right vector " + c + " [" + j + "]");
      }
      for (int i = 0; i < rows; i++) {
        assertEquals(full.u().get(i, c), got.u().get(i, c), 1e-8, "left vector " + c + " [" + i + "]");
      }
    }
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double want = 0;
        double have = 0;
        for (int t = 0; t < k; t++) {
          want += full.u().get(i, t) * full.s()[t] * full.vh().get(t, j);
          have += got.u().get(i, t) * got.s()[t] * got.vh().get(t, j);
        }
        assertEquals(want, have, 1e-11 * scale, "reconstruction [" + i + ", " + j + "]");
      }
    }
  }
}
