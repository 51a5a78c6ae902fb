package org.moelab.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.List;
import org.moelab.backend.BackendException;
import org.moelab.ir.Node;
import org.moelab.ir.Op;

/** Plain and grouped matrix products. */
final class DjlMatmul {
  private DjlMatmul() {}

  /** MATMUL or SEGMENT_MATMUL. */
  static NDArray compute(Node node, List<NDArray> in, NDManager scope) {
    if (node.op() == Op.MATMUL) {
      return in.get(0).matMul(in.get(1));
    }
    return segmentMatmul(node, in.get(0), in.get(1), in.get(2), scope);
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

  private static void checkOffsets(Node node, long[] offsets, long rows) {
    boolean ok = offsets.length >= 1 && offsets[0] == 0 && offsets[offsets.length - 1] == rows;
    for (int i = 1; ok && i < offsets.length; i++) {
      ok = offsets[i] >= offsets[i - 1];
    }
    if (!ok) {
      throw new BackendException("SEGMENT_MATMUL offsets " + Arrays.toString(offsets)
          + " must start at 0, never decrease and end at the row count " + rows + " (in " + node + ").");
    }
  }
}
