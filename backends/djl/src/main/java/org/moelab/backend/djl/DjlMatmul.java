package org.moelab.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.moelab.backend.BackendException;
import org.moelab.ir.Node;

/** Plain and grouped matrix products and the grouped outer product. */
final class DjlMatmul {
  private DjlMatmul() {}

  /** MATMUL, SEGMENT_MATMUL or SEGMENT_OUTER. */
  static NDArray compute(Node node, List<NDArray> in, NDManager scope) {
    return switch (node.op()) {
      case MATMUL -> in.get(0).matMul(in.get(1));
      case SEGMENT_MATMUL -> segmentMatmul(node, in.get(0), in.get(1), in.get(2), scope);
      case SEGMENT_OUTER -> segmentOuter(node, in.get(0), in.get(1), in.get(2), scope);
      default -> throw new BackendException(node.op() + " is not a matrix product (in " + node + ").");
    };
  }

  /**
   * One GEMM per non-empty group on the contiguous row slice {@code x[lo:hi]}, results
   * concatenated: the work scales with N, and an empty group costs one host-side comparison.
   */
  private static NDArray segmentMatmul(Node node, NDArray x, NDArray w, NDArray offsetsArray,
      NDManager scope) {
    long[] offsets = offsetsArray.toLongArray();
    checkOffsets(node, offsets, x.getShape().get(0));
    NDList parts = new NDList();
    for (int g = 0; g + 1 < offsets.length; g++) {
      long lo = offsets[g];
      long hi = offsets[g + 1];
      if (hi > lo) {
        NDArray rows = x.get(new NDIndex().addSliceDim(lo, hi));
        parts.add(rows.matMul(w.get(g)));
      }
    }
    if (parts.isEmpty()) {
      return scope.zeros(DjlTypes.toDjl(node.shape()), x.getDataType());
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
  }

  /**
   * One {@code x[lo:hi]ᵀ · dy[lo:hi]} per non-empty group, stacked into {@code [G, a, b]} with one
   * shared zero block for the empty groups: the work scales with N·a·b, never with G·N.
   */
  private static NDArray segmentOuter(Node node, NDArray x, NDArray dy, NDArray offsetsArray,
      NDManager scope) {
    long[] offsets = offsetsArray.toLongArray();
    checkOffsets(node, offsets, x.getShape().get(0));
    if (x.getShape().get(0) == 0) {
      return scope.zeros(DjlTypes.toDjl(node.shape()), x.getDataType());
    }
    NDArray empty = scope.zeros(new Shape(x.getShape().get(1), dy.getShape().get(1)), x.getDataType());
    NDList parts = new NDList();
    for (int g = 0; g + 1 < offsets.length; g++) {
      long lo = offsets[g];
      long hi = offsets[g + 1];
      NDIndex rows = new NDIndex().addSliceDim(lo, hi);
      parts.add(hi > lo ? x.get(rows).transpose().matMul(dy.get(rows)) : empty);
    }
    return NDArrays.stack(parts, 0);
  }

  private static void checkOffsets(Node node, long[] offsets, long rows) {
    boolean ok = offsets.length >= 1 && offsets[0] == 0 && offsets[offsets.length - 1] == rows;
    for (int i = 1; ok && i < offsets.length; i++) {
      ok = offsets[i] >= offsets[i - 1];
    }
    if (!ok) {
      throw new BackendException(node.op() + " offsets " + Arrays.toString(offsets)
          + " must start at 0, never decrease and end at the row count " + rows + " (in " + node + ").");
    }
  }
}
