package org.moelab.merge.stream;

/**
 * How one tensor is cut into blocks of whole rows (along the first axis) so that {@code arrays}
 * f32 arrays of one block fit a memory budget; a row larger than the budget is a block of its own.
 *
 * @param rows the rows along the first axis (1 for a scalar)
 * @param rowSize the elements per row
 * @param blockRows the rows per block
 */
record BlockLayout(long rows, long rowSize, long blockRows) {
  /**
   * The layout of {@code dims} for {@code arrays} arrays within {@code budgetBytes}; with {@code
   * wholeLines} a vector is never split (DELLA ranks a vector as one line).
   */
  static BlockLayout of(long[] dims, int arrays, long budgetBytes, boolean wholeLines) {
    long size = 1;
    for (long d : dims) {
      size *= d;
    }
    if (dims.length == 0 || size == 0 || wholeLines && dims.length == 1) {
      return new BlockLayout(1, size, 1);
    }
    long rowSize = size / dims[0];
    long fit = budgetBytes / ((long) arrays * Float.BYTES * rowSize);
    return new BlockLayout(dims[0], rowSize, Math.max(1, Math.min(dims[0], fit)));
  }

  /** The number of blocks. */
  int blocks() {
    return (int) ((rows + blockRows - 1) / blockRows);
  }

  /** The flat index of block {@code b}'s first element. */
  long first(int b) {
    return b * blockRows * rowSize;
  }

  /** The elements in block {@code b}. */
  int length(int b) {
    return Math.toIntExact(Math.min(blockRows, rows - b * blockRows) * rowSize);
  }

  /** The elements of the largest block. */
  int maxLength() {
    return length(0);
  }
}
