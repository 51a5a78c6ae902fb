package org.moelab.train;

import java.util.List;
import java.util.Random;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Examples held on the host: inputs {@code x [n, ...]}, targets {@code y [n, ...]} (class ids as
 * I64, or values), and class names when known.
 *
 * @param x inputs, one row per example
 * @param y targets, one row per example
 * @param classes class names (may be empty)
 */
public record Dataset(HostTensor x, HostTensor y, List<String> classes) {
  public Dataset {
    if (x.shape().rank() == 0 || y.shape().rank() == 0 || x.shape().dim(0) != y.shape().dim(0)) {
      throw new IllegalArgumentException("x " + x.shape() + " and y " + y.shape() + " need the same number of rows");
    }
    classes = List.copyOf(classes);
  }

  /** Number of examples. */
  public int size() {
    return Math.toIntExact(x.shape().dim(0));
  }

  /** The examples at {@code rows}, in that order. */
  public Dataset rows(int[] rows) {
    return new Dataset(take(x, rows), take(y, rows), classes);
  }

  /** The examples {@code [from, to)}. */
  public Dataset range(int from, int to) {
    int[] rows = new int[to - from];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = from + i;
    }
    return rows(rows);
  }

  /** A seeded permutation of {@code 0..n-1} (Fisher–Yates with java.util.Random). */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static HostTensor take(HostTensor t, int[] rows) {
    long[] dims = t.shape().dims();
    int width = Math.toIntExact(t.shape().size() / Math.max(1, dims[0]));
    int bytes = width * t.dtype().byteSize();
    java.nio.ByteBuffer src = t.data();
    java.nio.ByteBuffer dst = java.nio.ByteBuffer.allocate(rows.length * bytes);
    for (int r : rows) {
      dst.put(src.slice(r * bytes, bytes));
    }
    dims[0] = rows.length;
    return new HostTensor(t.dtype(), Shape.of(dims), dst.flip());
  }

  /** x standardised per column with the given means and standard deviations (0 std → 1). */
  public Dataset standardized(double[] mean, double[] std) {
    double[] v = x.toDoubleArray();
    int width = mean.length;
    for (int i = 0; i < v.length; i++) {
      int c = i % width;
      v[i] = (v[i] - mean[c]) / (std[c] == 0 ? 1 : std[c]);
    }
    return new Dataset(HostTensor.fromDoubles(DType.F32, x.shape(), v), y, classes);
  }

  /** Per-column mean and (population) standard deviation of x: {@code {mean, std}}. */
  public double[][] columnStats() {
    double[] v = x.toDoubleArray();
    int width = Math.toIntExact(x.shape().size() / Math.max(1, size()));
    double[] mean = new double[width];
    double[] sq = new double[width];
    for (int i = 0; i < v.length; i++) {
      mean[i % width] += v[i];
    }
    for (int c = 0; c < width; c++) {
      mean[c] /= size();
    }
    for (int i = 0; i < v.length; i++) {
      double d = v[i] - mean[i % width];
      sq[i % width] += d * d;
    }
    double[] std = new double[width];
    for (int c = 0; c < width; c++) {
      std[c] = Math.sqrt(sq[c] / size());
    }
    return new double[][] {mean, std};
  }
}
