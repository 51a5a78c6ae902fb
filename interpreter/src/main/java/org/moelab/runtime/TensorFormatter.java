package org.moelab.runtime;

import java.util.Locale;
import org.moelab.tensor.HostTensor;

/**
 * Prints tensors the way {@code print} shows them: a header with shape and dtype, the values
 * (edges only, with {@code ...}, past a few rows or columns), and for larger tensors a summary line.
 */
public final class TensorFormatter {
  private static final int EDGE = 3;
  private static final int FULL_LIMIT = 8;
  private static final int SUMMARY_FROM = 16;

  private TensorFormatter() {}

  /** The full printed form of {@code t}. */
  public static String format(HostTensor t) {
    StringBuilder out = new StringBuilder(header(t)).append('\n');
    long[] dims = t.shape().dims();
    double[] values = t.toDoubleArray();
    boolean integral = !t.dtype().isFloating();
    if (dims.length == 0) {
      out.append(element(values[0], integral, t));
    } else {
      appendAxis(out, values, dims, t.shape().strides(), 0, 0, integral, t, 1);
    }
    if (values.length >= SUMMARY_FROM && t.dtype().isFloating()) {
      out.append('\n').append(summary(values));
    }
    return out.toString();
  }

  /** {@code tensor[2, 3] f32}. */
  public static String header(HostTensor t) {
    return "tensor" + t.shape() + " " + t.dtype().languageName();
  }

  /** {@code mean=0.0012 std=0.9987 min=-3.1 max=3.2}. */
  public static String summary(double[] values) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double mean = sum / values.length;
    double sq = 0;
    for (double v : values) {
      sq += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(sq / Math.max(1, values.length - 1));
    return String.format(Locale.ROOT, "mean=%.4f std=%.4f min=%.4f max=%.4f", mean, std, min, max);
  }

  private static void appendAxis(StringBuilder out, double[] v, long[] dims, long[] strides, int axis,
      long offset, boolean integral, HostTensor t, int indent) {
    out.append('[');
    long n = dims[axis];
    boolean elide = n > FULL_LIMIT;
    for (long i = 0; i < n; i++) {
      if (elide && i == EDGE) {
        out.append(axis == dims.length - 1 ? "..., " : "...,\n" + " ".repeat(indent));
        i = n - EDGE - 1;
        continue;
      }
      if (axis == dims.length - 1) {
        out.append(element(v[(int) (offset + i * strides[axis])], integral, t));
      } else {
        appendAxis(out, v, dims, strides, axis + 1, offset + i * strides[axis], integral, t, indent + 1);
      }
      if (i < n - 1) {
        out.append(axis == dims.length - 1 ? ", " : ",\n" + " ".repeat(indent));
      }
    }
    out.append(']');
  }

  private static String element(double v, boolean integral, HostTensor t) {
    if (t.dtype() == org.moelab.tensor.DType.BOOL) {
      return v != 0 ? "true" : "false";
    }
    return integral ? Long.toString((long) v) : Formatting.element(v);
  }
}
