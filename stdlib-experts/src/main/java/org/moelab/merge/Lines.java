package org.moelab.merge;

/**
 * The 1-D lines of a row-major tensor along one axis: {@code outer · inner} lines of {@code
 * length} elements each, element {@code j} of line {@code (o, i)} at {@code (o·length + j)·inner + i}.
 *
 * @param outer the product of the dimensions before the axis
 * @param length the size of the axis
 * @param inner the product of the dimensions after the axis (the stride along the axis)
 */
record Lines(int outer, int length, int inner) {
  /** The lines of {@code shape} along {@code axis} (negative counts from the end); a scalar is one line. */
  static Lines along(long[] shape, int axis) {
    if (shape.length == 0) {
      return new Lines(1, 1, 1);
    }
    int a = axis < 0 ? shape.length + axis : axis;
    long outer = 1;
    long inner = 1;
    for (int d = 0; d < a; d++) {
      outer *= shape[d];
    }
    for (int d = a + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    return new Lines(Math.toIntExact(outer), Math.toIntExact(shape[a]), Math.toIntExact(inner));
  }

  /** The whole tensor as one line. */
  static Lines flat(int size) {
    return new Lines(1, size, 1);
  }

  /** The number of lines. */
  int count() {
    return outer * inner;
  }

  /** The flat index of element {@code j} of line {@code line}. */
  int index(int line, int j) {
    int o = line / inner;
    int i = line % inner;
    return (o * length + j) * inner + i;
  }
}
