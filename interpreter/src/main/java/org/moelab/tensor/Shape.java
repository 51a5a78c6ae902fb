package org.moelab.tensor;

import java.util.Arrays;

/** A concrete tensor shape: a list of non-negative dimension sizes. Immutable. */
public final class Shape {
  private static final Shape SCALAR = new Shape(new long[0]);
  private final long[] dims;

  private Shape(long[] dims) {
    this.dims = dims;
  }

  /** The shape with the given dimensions; each must be non-negative. */
  public static Shape of(long... dims) {
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension " + d + " in " + Arrays.toString(dims));
      }
    }
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /** The shape of a scalar (rank 0). */
  public static Shape scalar() {
    return SCALAR;
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Size of dimension {@code axis}; negative axes count from the end. */
  public long dim(int axis) {
    return dims[axis < 0 ? dims.length + axis : axis];
  }

  /** A copy of the dimensions. */
  public long[] dims() {
    return dims.clone();
  }

  /** The dimensions as ints, for APIs that take int shapes; fails if one exceeds int range. */
  public int[] intDims() {
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = Math.toIntExact(dims[i]);
    }
    return out;
  }

  /** Total number of elements (1 for a scalar). */
  public long size() {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Row-major strides in elements. */
  public long[] strides() {
    long[] strides = new long[dims.length];
    long s = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= dims[i];
    }
    return strides;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Prints as {@code [4, 64, 256]}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
