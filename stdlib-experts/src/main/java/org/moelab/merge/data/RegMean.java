package org.moelab.merge.data;

import java.util.List;
import org.moelab.merge.MergeException;
import org.moelab.merge.linalg.LuSolver;
import org.moelab.merge.linalg.Matrix;

/**
 * RegMean (Jin et al., "Dataless Knowledge Fusion by Merging Weights of Language Models") for one
 * linear layer y = x Wᵀ with W [out, in]: given each model's Gram G_i = X_iᵀ X_i [in, in] of the
 * layer's inputs, Wᵀ = (Σ_i G̃_i)⁻¹ Σ_i G̃_i W_iᵀ, where G̃_i keeps G_i's diagonal and scales its
 * off-diagonal entries by α (α = 1: exact least squares on the union of the inputs; α = 0: a
 * per-input-feature weighted mean). Solved by LU with partial pivoting in double precision.
 */
public final class RegMean {
  private RegMean() {}

  /** The merged W [out, in] (row-major) of {@code weights} (each [out, in]) with Grams {@code grams} ([in, in]). */
  public static float[] merge(String name, int out, int in, List<float[]> weights, List<float[]> grams, double alpha) {
    if (weights.size() != grams.size() || weights.isEmpty()) {
      throw new MergeException("RegMean of '" + name + "' needs one Gram matrix per model, got " + weights.size()
          + " models and " + grams.size() + " Grams.");
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new MergeException("RegMean's alpha scales the Grams' off-diagonal entries and must be in [0, 1], got "
          + alpha + ".");
    }
    Matrix lhs = Matrix.zeros(in, in);
    Matrix rhs = Matrix.zeros(in, out);
    for (int m = 0; m < weights.size(); m++) {
      Matrix g = reduced(grams.get(m), in, alpha);
      add(lhs, g);
      add(rhs, g.times(Matrix.ofFloats(out, in, weights.get(m)).transpose()));
    }
    try {
      return LuSolver.solve(lhs, rhs).transpose().toFloats();
    } catch (LuSolver.SingularMatrixException e) {
      throw new MergeException("RegMean of '" + name + "': the summed Gram matrix is singular (" + e.getMessage()
          + "): some input features were never active. Use more data, or alpha < 1 so the diagonal dominates.");
    }
  }

  /** G with its off-diagonal entries times α. */
  static Matrix reduced(float[] gram, int in, double alpha) {
    Matrix g = Matrix.ofFloats(in, in, gram);
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < in; j++) {
        if (i != j) {
          g.v()[i * in + j] *= alpha;
        }
      }
    }
    return g;
  }

  /** The Gram XᵀX [in, in] of inputs X [rows, in] (row-major), summed in double precision. */
  public static float[] gram(float[] x, int rows, int in) {
    double[] g = new double[in * in];
    for (int r = 0; r < rows; r++) {
      int row = r * in;
      for (int i = 0; i < in; i++) {
        double xi = x[row + i];
        if (xi == 0) {
          continue;
        }
        for (int j = 0; j < in; j++) {
          g[i * in + j] += xi * x[row + j];
        }
      }
    }
    float[] out = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      out[i] = (float) g[i];
    }
    return out;
  }

  private static void add(Matrix target, Matrix x) {
    for (int i = 0; i < target.v().length; i++) {
      target.v()[i] += x.v()[i];
    }
  }
}
