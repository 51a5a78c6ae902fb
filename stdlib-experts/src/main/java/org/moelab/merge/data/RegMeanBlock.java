package org.moelab.merge.data;

import org.moelab.merge.linalg.LuSolver;
import org.moelab.merge.linalg.Matrix;

/**
 * A block of output rows of one {@link RegMeanLayer}: the right-hand side Σ_i G̃_i W_i[rows]ᵀ
 * [in, rows], summed model by model, then solved against the factored Gram sum. Each entry
 * depends only on its own Gram row and output row, so blocks, and ranges of Gram rows added by
 * different threads, give the same floats as one whole solve.
 */
public final class RegMeanBlock {
  private final RegMeanLayer layer;
  private final LuSolver.Factors factors;
  private final int rows;
  private final double[] rhs;

  RegMeanBlock(RegMeanLayer layer, LuSolver.Factors factors, int rows) {
    this.layer = layer;
    this.factors = factors;
    this.rows = rows;
    this.rhs = new double[Math.multiplyExact(layer.in(), rows)];
  }

  /** The output rows in this block. */
  public int rows() {
    return rows;
  }

  /**
   * Adds one model's G̃ W_blockᵀ for Gram rows {@code [first, first + count)}: {@code gram[0, count
   * · in)} holds those rows, {@code weights[0, rows · in)} the model's W rows of this block. Call
   * once for each Gram row of each model, models in order; disjoint Gram rows may be added
   * concurrently.
   */
  public void addModel(float[] gram, int first, int count, float[] weights) {
    int in = layer.in();
    double[] reduced = new double[in];
    for (int r = 0; r < count; r++) {
      int a = first + r;
      layer.reducedRow(gram, r, a, reduced);
      for (int j = 0; j < rows; j++) {
        int w = j * in;
        double p = 0;
        for (int k = 0; k < in; k++) {
          double g = reduced[k];
          if (g != 0) {
            p += g * weights[w + k];
          }
        }
        rhs[a * rows + j] += p;
      }
    }
  }

  /** The merged W rows of this block, [rows, in] row-major: the solution of (Σ G̃_i) Wᵀ = rhs, transposed. */
  public float[] solve() {
    int in = layer.in();
    Matrix x = factors.solve(new Matrix(in, rows, rhs));
    float[] out = new float[rows * in];
    for (int a = 0; a < in; a++) {
      for (int j = 0; j < rows; j++) {
        out[j * in + a] = (float) x.v()[a * rows + j];
      }
    }
    return out;
  }
}
