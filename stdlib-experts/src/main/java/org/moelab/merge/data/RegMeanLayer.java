package org.moelab.merge.data;

import org.moelab.merge.MergeException;
import org.moelab.merge.linalg.LuSolver;

/**
 * RegMean for one linear layer W [out, in], its inputs given in pieces so that a layer can be
 * merged out of core (see {@link RegMean} for the method): first every model's Gram, in any row
 * order ({@link #addGram}), summed as Σ_i G̃_i in double precision; then {@link #factor}; then
 * blocks of output rows ({@link #block}), each solved on its own. In memory, {@link RegMean#merge}
 * gives everything in one piece; the result is the same float for float however it is cut.
 */
public final class RegMeanLayer {
  private final String name;
  private final int out;
  private final int in;
  private final double alpha;
  private double[] gramSum;
  private LuSolver.Factors factors;

  /**
   * A layer {@code name} with W [out, in] and off-diagonal Gram scale {@code alpha} ∈ [0, 1];
   * holds one [in, in] double matrix.
   */
  public RegMeanLayer(String name, int out, int in, double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new MergeException("RegMean's alpha scales the Grams' off-diagonal entries and must be in [0, 1], got "
          + alpha + ".");
    }
    this.name = name;
    this.out = out;
    this.in = in;
    this.alpha = alpha;
    this.gramSum = new double[Math.multiplyExact(in, in)];
  }

  /** The layer's name. */
  public String name() {
    return name;
  }

  /** Input features: the Gram is [in, in]. */
  public int in() {
    return in;
  }

  /** Output features: W is [out, in]. */
  public int out() {
    return out;
  }

  /**
   * Adds rows {@code [first, first + rows)} of one model's Gram ({@code gram[0, rows · in)},
   * row-major), off-diagonal entries times α, to the sum. Every row of every model's Gram must be
   * added once, models in order, before {@link #factor}.
   */
  public void addGram(float[] gram, int first, int rows) {
    if (factors != null) {
      throw new IllegalStateException("the Gram sum of '" + name + "' is already factored");
    }
    double[] reduced = new double[in];
    for (int r = 0; r < rows; r++) {
      reducedRow(gram, r, first + r, reduced);
      int row = (first + r) * in;
      for (int k = 0; k < in; k++) {
        gramSum[row + k] += reduced[k];
      }
    }
  }

  /** Factors Σ_i G̃_i; a {@link MergeException} naming the layer and the fix when it is singular. */
  public void factor() {
    try {
      factors = LuSolver.factorInPlace(in, gramSum);
      gramSum = null;
    } catch (LuSolver.SingularMatrixException e) {
      throw new MergeException("RegMean of '" + name + "': the summed Gram matrix is singular (" + e.getMessage()
          + "): some input features were never active. Use more data, or alpha < 1 so the diagonal dominates.");
    }
  }

  /** The right-hand side of output rows {@code [firstRow, firstRow + rows)}, to which each model adds. */
  public RegMeanBlock block(int firstRow, int rows) {
    if (factors == null) {
      throw new IllegalStateException("factor the Gram sum of '" + name + "' before solving a block");
    }
    if (firstRow < 0 || rows < 0 || firstRow + rows > out) {
      throw new IllegalArgumentException("rows [" + firstRow + ", " + (firstRow + rows) + ") of '" + name
          + "' outside [0, " + out + ")");
    }
    return new RegMeanBlock(this, factors, rows);
  }

  /** Row {@code r} of {@code gram}, which is the Gram's row {@code gramRow}, as doubles with off-diagonals times α. */
  void reducedRow(float[] gram, int r, int gramRow, double[] into) {
    int at = r * in;
    for (int k = 0; k < in; k++) {
      double value = gram[at + k];
      into[k] = k == gramRow ? value : value * alpha;
    }
  }
}
