package org.moelab.merge.linalg;

import java.util.Arrays;

/**
 * A dense row-major matrix of doubles, the working type of {@link TruncatedSvd} and {@link LuSolver}.
 *
 * @param rows the number of rows
 * @param cols the number of columns
 * @param v the values, {@code v[i * cols + j]}
 */
public record Matrix(int rows, int cols, double[] v) {
  /** Checks that {@code v} has {@code rows · cols} values. */
  public Matrix {
    if (rows < 0 || cols < 0 || v.length != (long) rows * cols) {
      throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + (long) rows * cols
          + " values, got " + v.length);
    }
  }

  /** A zero matrix. */
  public static Matrix zeros(int rows, int cols) {
    return new Matrix(rows, cols, new double[rows * cols]);
  }

  /** The matrix of row-major floats {@code values}. */
  public static Matrix ofFloats(int rows, int cols, float[] values) {
    double[] v = new double[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i];
    }
    return new Matrix(rows, cols, v);
  }

  /** The values rounded to floats, row-major. */
  public float[] toFloats() {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  /** Element (i, j). */
  public double get(int i, int j) {
    return v[i * cols + j];
  }

  /** This matrix times {@code o}. */
  public Matrix times(Matrix o) {
    if (cols != o.rows) {
      throw new IllegalArgumentException("cannot multiply " + rows + " x " + cols + " by " + o.rows + " x " + o.cols);
    }
    double[] out = new double[rows * o.cols];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < cols; k++) {
        double a = v[i * cols + k];
        if (a == 0) {
          continue;
        }
        int ok = k * o.cols;
        int oi = i * o.cols;
        for (int j = 0; j < o.cols; j++) {
          out[oi + j] += a * o.v[ok + j];
        }
      }
    }
    return new Matrix(rows, o.cols, out);
  }

  /** The transpose. */
  public Matrix transpose() {
    double[] out = new double[v.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = v[i * cols + j];
      }
    }
    return new Matrix(cols, rows, out);
  }

  /** Rows {@code [0, count)} (count ≤ rows). */
  public Matrix topRows(int count) {
    return new Matrix(count, cols, Arrays.copyOf(v, count * cols));
  }

  /** Columns {@code [0, count)} (count ≤ cols). */
  public Matrix leftColumns(int count) {
    double[] out = new double[rows * count];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(v, i * cols, out, i * count, count);
    }
    return new Matrix(rows, count, out);
  }
}
