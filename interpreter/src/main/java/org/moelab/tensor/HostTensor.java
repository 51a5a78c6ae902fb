package org.moelab.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A tensor in Java memory (heap or memory-mapped): dtype, shape and little-endian row-major bytes.
 *
 * <p>This is the exchange format between tensor files and backends. The bytes are never modified
 * after construction; {@link #data()} hands out read-only views.
 */
public final class HostTensor {
  private final DType dtype;
  private final Shape shape;
  private final ByteBuffer data;

  /**
   * Wraps {@code data}; its remaining bytes must be exactly {@code shape.size() * dtype.byteSize()}.
   */
  public HostTensor(DType dtype, Shape shape, ByteBuffer data) {
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.shape = Objects.requireNonNull(shape, "shape");
    long expected = shape.size() * dtype.byteSize();
    if (data.remaining() != expected) {
      throw new IllegalArgumentException(
          "tensor of " + dtype + shape + " needs " + expected + " bytes, got " + data.remaining());
    }
    this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** An F32 tensor holding {@code values} in row-major order. */
  public static HostTensor ofFloats(Shape shape, float... values) {
    checkCount(shape, values.length);
    ByteBuffer buf = allocate(values.length * 4L);
    buf.asFloatBuffer().put(values);
    return new HostTensor(DType.F32, shape, buf);
  }

  /** An F64 tensor holding {@code values} in row-major order. */
  public static HostTensor ofDoubles(Shape shape, double... values) {
    checkCount(shape, values.length);
    ByteBuffer buf = allocate(values.length * 8L);
    buf.asDoubleBuffer().put(values);
    return new HostTensor(DType.F64, shape, buf);
  }

  /** An I64 tensor holding {@code values} in row-major order. */
  public static HostTensor ofLongs(Shape shape, long... values) {
    checkCount(shape, values.length);
    ByteBuffer buf = allocate(values.length * 8L);
    buf.asLongBuffer().put(values);
    return new HostTensor(DType.I64, shape, buf);
  }

  /** A tensor of {@code dtype} whose element {@code i} is {@code values[i]} converted to it. */
  public static HostTensor fromDoubles(DType dtype, Shape shape, double[] values) {
    checkCount(shape, values.length);
    ByteBuffer buf = allocate((long) values.length * dtype.byteSize());
    for (int i = 0; i < values.length; i++) {
      ElementCodec.put(dtype, buf, i, values[i]);
    }
    return new HostTensor(dtype, shape, buf);
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The shape. */
  public Shape shape() {
    return shape;
  }

  /** A read-only little-endian view of the bytes, positioned at 0. */
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Size of the data in bytes. */
  public long byteSize() {
    return data.remaining();
  }

  /** Element {@code i} (row-major) as a double. */
  public double getDouble(long i) {
    return ElementCodec.get(dtype, data, Math.toIntExact(i));
  }

  /** All elements converted to float, row-major. */
  public float[] toFloatArray() {
    float[] out = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ElementCodec.get(dtype, data, i);
    }
    return out;
  }

  /** All elements converted to double, row-major. */
  public double[] toDoubleArray() {
    double[] out = new double[Math.toIntExact(shape.size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = ElementCodec.get(dtype, data, i);
    }
    return out;
  }

  /** All elements converted to long (floating values truncated toward zero), row-major. */
  public long[] toLongArray() {
    long[] out = new long[Math.toIntExact(shape.size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = ElementCodec.getLong(dtype, data, i);
    }
    return out;
  }

  /** This tensor converted to {@code target} (round-to-nearest-even for f16/bf16). */
  public HostTensor cast(DType target) {
    if (target == dtype) {
      return this;
    }
    long n = shape.size();
    ByteBuffer buf = allocate(n * target.byteSize());
    for (int i = 0; i < n; i++) {
      if (!target.isFloating() && !dtype.isFloating()) {
        ElementCodec.putLong(target, buf, i, ElementCodec.getLong(dtype, data, i));
      } else {
        ElementCodec.put(target, buf, i, ElementCodec.get(dtype, data, i));
      }
    }
    return new HostTensor(target, shape, buf);
  }

  /** The same bytes viewed with another shape of equal size. */
  public HostTensor reshape(Shape newShape) {
    if (newShape.size() != shape.size()) {
      throw new IllegalArgumentException("cannot reshape " + shape + " to " + newShape);
    }
    return new HostTensor(dtype, newShape, data());
  }

  @Override
  public String toString() {
    return "HostTensor(" + dtype.languageName() + shape + ")";
  }

  static ByteBuffer allocate(long bytes) {
    return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkCount(Shape shape, int count) {
    if (shape.size() != count) {
      throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + count);
    }
  }
}
