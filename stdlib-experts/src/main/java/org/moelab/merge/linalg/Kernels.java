package org.moelab.merge.linalg;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The block products behind {@link DenseMap}: cache-blocked, register-blocked loops over disjoint
 * slices of the output, run on the common fork–join pool. Each output value is computed by one task
 * in a fixed order, so results do not depend on the number of threads.
 */
final class Kernels {
  /** Below this many multiply–adds a product runs on the calling thread. */
  private static final long PARALLEL_WORK = 1L << 18;
  /** Columns of a dense matrix per tile: a tile of four rows stays in L1. */
  private static final int TILE = 512;

  private Kernels() {}

  /** Runs {@code body} for every task in [0, tasks), in parallel when {@code work} is large. */
  static void forEach(int tasks, long work, IntConsumer body) {
    if (work < PARALLEL_WORK || tasks < 2) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
    } else {
      IntStream.range(0, tasks).parallel().forEach(body);
    }
  }

  /** M x for each x in {@code block}, M row-major [rows, cols] in {@code v}. */
  static double[][] apply(double[] v, int rows, int cols, double[][] block) {
    int b = block.length;
    double[][] out = new double[b][rows];
    int chunk = 32;
    int tasks = (rows + chunk - 1) / chunk;
    forEach(tasks, (long) rows * cols * b, t -> {
      int end = Math.min(rows, (t + 1) * chunk);
      for (int j0 = 0; j0 < cols; j0 += TILE) {
        int j1 = Math.min(cols, j0 + TILE);
        int i = t * chunk;
        for (; i + 1 < end; i += 2) {
          twoRows(v, i * cols, (i + 1) * cols, j0, j1, block, out, i);
        }
        for (; i < end; i++) {
          for (int c = 0; c < b; c++) {
            out[c][i] += dot(v, i * cols, block[c], j0, j1);
          }
        }
      }
    });
    return out;
  }

  /** Adds rows r0, r1 of M over columns [j0, j1) dotted with every x to out[·][i], out[·][i + 1]. */
  private static void twoRows(double[] v, int r0, int r1, int j0, int j1, double[][] block, double[][] out, int i) {
    int c = 0;
    for (; c + 3 < block.length; c += 4) {
      double[] x0 = block[c];
      double[] x1 = block[c + 1];
      double[] x2 = block[c + 2];
      double[] x3 = block[c + 3];
      double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (int j = j0; j < j1; j++) {
        double a = v[r0 + j];
        double e = v[r1 + j];
        double y0 = x0[j], y1 = x1[j], y2 = x2[j], y3 = x3[j];
        s00 += a * y0;
        s01 += a * y1;
        s02 += a * y2;
        s03 += a * y3;
        s10 += e * y0;
        s11 += e * y1;
        s12 += e * y2;
        s13 += e * y3;
      }
      out[c][i] += s00;
      out[c + 1][i] += s01;
      out[c + 2][i] += s02;
      out[c + 3][i] += s03;
      out[c][i + 1] += s10;
      out[c + 1][i + 1] += s11;
      out[c + 2][i + 1] += s12;
      out[c + 3][i + 1] += s13;
    }
    for (; c < block.length; c++) {
      out[c][i] += dot(v, r0, block[c], j0, j1);
      out[c][i + 1] += dot(v, r1, block[c], j0, j1);
    }
  }

  private static double dot(double[] v, int row, double[] x, int j0, int j1) {
    double s = 0;
    for (int j = j0; j < j1; j++) {
      s += v[row + j] * x[j];
    }
    return s;
  }

  /** Mᵀ y for each y in {@code block}, M row-major [rows, cols] in {@code v}. */
  static double[][] applyTransposed(double[] v, int rows, int cols, double[][] block) {
    int b = block.length;
    double[][] out = new double[b][cols];
    int chunk = 256;
    int tasks = (cols + chunk - 1) / chunk;
    forEach(tasks, (long) rows * cols * b, t -> {
      int j0 = t * chunk;
      int j1 = Math.min(cols, j0 + chunk);
      int i = 0;
      for (; i + 3 < rows; i += 4) {
        int r0 = i * cols;
        int r1 = r0 + cols;
        int r2 = r1 + cols;
        int r3 = r2 + cols;
        for (int c = 0; c < b; c++) {
          double[] y = block[c];
          axpy4(out[c], j0, j1, y[i], v, r0, y[i + 1], r1, y[i + 2], r2, y[i + 3], r3);
        }
      }
      for (; i < rows; i++) {
        for (int c = 0; c < b; c++) {
          double a = block[c][i];
          double[] o = out[c];
          int r = i * cols;
          for (int j = j0; j < j1; j++) {
            o[j] += a * v[r + j];
          }
        }
      }
    });
    return out;
  }

  private static void axpy4(double[] o, int j0, int j1, double a0, double[] v, int r0, double a1, int r1, double a2,
      int r2, double a3, int r3) {
    for (int j = j0; j < j1; j++) {
      o[j] += a0 * v[r0 + j] + a1 * v[r1 + j] + a2 * v[r2 + j] + a3 * v[r3 + j];
    }
  }

  /** {@code Σ_q coef[q] basis[q]} for q in [0, count): a vector of the basis's length. */
  static double[] combine(double[][] basis, int count, double[] coef, int length) {
    double[] out = new double[length];
    for (int q = 0; q < count; q++) {
      double a = coef[q];
      double[] b0 = basis[q];
      if (a != 0) {
        for (int i = 0; i < length; i++) {
          out[i] += a * b0[i];
        }
      }
    }
    return out;
  }
}
