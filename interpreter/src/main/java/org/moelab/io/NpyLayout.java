package org.moelab.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** Turns npy data in big-endian or Fortran (column-major) layout into a row-major little-endian tensor. */
final class NpyLayout {
  private NpyLayout() {}

  /** The tensor that {@code data} holds under {@code header}; a view when no conversion is needed. */
  static HostTensor toTensor(NpyHeader header, ByteBuffer data) {
    ByteBuffer bytes = data.order(ByteOrder.LITTLE_ENDIAN);
    if (header.bigEndian()) {
      bytes = byteSwapped(bytes, header.dtype().byteSize());
    }
    if (header.fortranOrder() && header.shape().rank() > 1) {
      bytes = fortranToC(bytes, header.dtype(), header.shape());
    }
    return new HostTensor(header.dtype(), header.shape(), bytes);
  }

  /** A copy of {@code data} with the bytes of each {@code width}-byte element reversed. */
  static ByteBuffer byteSwapped(ByteBuffer data, int width) {
    int n = data.remaining();
    ByteBuffer out = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    int base = data.position();
    for (int i = 0; i < n; i += width) {
      for (int b = 0; b < width; b++) {
        out.put(i + b, data.get(base + i + width - 1 - b));
      }
    }
    return out;
  }

  /** A row-major copy of column-major {@code data}: element (i0..ik) moves from Fortran to C offset. */
  static ByteBuffer fortranToC(ByteBuffer data, DType dtype, Shape shape) {
    long[] dims = shape.dims();
    long[] fortranStrides = new long[dims.length];
    long stride = 1;
    for (int k = 0; k < dims.length; k++) {
      fortranStrides[k] = stride;
      stride *= dims[k];
    }
    int width = dtype.byteSize();
    int n = Math.toIntExact(shape.size());
    ByteBuffer out = ByteBuffer.allocate(n * width).order(ByteOrder.LITTLE_ENDIAN);
    int base = data.position();
    long[] index = new long[dims.length];
    for (int c = 0; c < n; c++) {
      long f = 0;
      for (int k = 0; k < dims.length; k++) {
        f += index[k] * fortranStrides[k];
      }
      for (int b = 0; b < width; b++) {
        out.put(c * width + b, data.get(base + (int) f * width + b));
      }
      increment(index, dims);
    }
    return out;
  }

  /** Advances a row-major multi-index by one element. */
  private static void increment(long[] index, long[] dims) {
    for (int k = dims.length - 1; k >= 0; k--) {
      if (++index[k] < dims[k]) {
        return;
      }
      index[k] = 0;
    }
  }
}
