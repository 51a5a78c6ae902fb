package org.moelab.backend.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.moelab.backend.BackendException;
import org.moelab.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Plain and grouped matrix products and the grouped outer product. 2-D products are one {@code
 * Nd4j.gemm} into a column-major result, which OpenBLAS writes 2–2.5× faster than a row-major one
 * on this class of CPU.
 */
final class Nd4jMatmul {
  private Nd4jMatmul() {}

  /** MATMUL, SEGMENT_MATMUL or SEGMENT_OUTER. */
  static INDArray compute(Node node, List<INDArray> in) {
    return switch (node.op()) {
      case MATMUL -> matmul(node, in.get(0), in.get(1));
      case SEGMENT_MATMUL -> segmentMatmul(node, in.get(0), in.get(1), in.get(2));
      case SEGMENT_OUTER -> segmentOuter(node, in.get(0), in.get(1), in.get(2));
      default -> throw new BackendException(node.op() + " is not a matrix product (in " + node + ").");
    };
  }

  /** {@code a @ b} for 2-D operands, written column-major. */
  static INDArray gemm(INDArray a, INDArray b) {
    INDArray out = Nd4j.createUninitialized(a.dataType(), new long[] {a.size(0), b.size(1)}, 'f');
    if (a.size(1) == 0) {
      return out.assign(0);
    }
    return Nd4j.gemm(a, b, out, false, false, 1.0, 0.0);
  }

  private static INDArray matmul(Node node, INDArray a, INDArray b) {
    if (a.rank() == 2 && b.rank() == 2) {
      return gemm(a, b);
    }
    long[] dims = node.shape().dims();
    int rank = dims.length;
    long[] batch = Arrays.copyOf(dims, rank - 2);
    long batchSize = node.shape().size() == 0 ? 0 : Arrays.stream(batch).reduce(1, (x, y) -> x * y);
    INDArray a3 = batched(a, batch, batchSize);
    INDArray b3 = batched(b, batch, batchSize);
    return Nd4j.matmul(a3, b3).reshape('c', dims);
  }

  /** {@code x} broadcast to {@code batch + its last two axes}, flattened to rank 3. */
  private static INDArray batched(INDArray x, long[] batch, long batchSize) {
    long[] full = Arrays.copyOf(batch, batch.length + 2);
    full[batch.length] = x.size(x.rank() - 2);
    full[batch.length + 1] = x.size(x.rank() - 1);
    INDArray expanded = Nd4jShapes.broadcastTo(x, full);
    return expanded.reshape('c', new long[] {batchSize, full[batch.length], full[batch.length + 1]});
  }

  /**
   * One GEMM per non-empty group on the contiguous row block {@code x[lo:hi]}, results
   * concatenated: the work scales with N, and an empty group costs one host-side comparison.
   */
  private static INDArray segmentMatmul(Node node, INDArray x, INDArray w, INDArray offsetsArray) {
    long[] offsets = offsetsArray.toLongVector();
    checkOffsets(node, offsets, x.size(0));
    INDArray out = Nd4j.create(x.dataType(), node.shape().dims());
    INDArray rowsIn = x.ordering() == 'c' ? x : x.dup('c');
    for (int g = 0; g + 1 < offsets.length; g++) {
      long lo = offsets[g];
      long hi = offsets[g + 1];
      if (hi > lo) {
        INDArray rows = rowsIn.get(NDArrayIndex.interval(lo, hi), NDArrayIndex.all());
        // A row block of a row-major array is contiguous: the product is written straight into it.
        Nd4j.gemm(rows, w.slice(g), out.get(NDArrayIndex.interval(lo, hi), NDArrayIndex.all()), false, false, 1.0, 0.0);
      }
    }
    return out;
  }

  /**
   * A zeroed {@code [G, a, b]} result, and per non-empty group one GEMM {@code x[lo:hi]ᵀ ·
   * dy[lo:hi]} written straight into its slice: the work scales with N·a·b, never with G·N.
   */
  private static INDArray segmentOuter(Node node, INDArray x, INDArray dy, INDArray offsetsArray) {
    long[] offsets = offsetsArray.toLongVector();
    checkOffsets(node, offsets, x.size(0));
    INDArray out = Nd4j.create(x.dataType(), node.shape().dims());
    if (out.length() == 0) {
      return out;
    }
    for (int g = 0; g + 1 < offsets.length; g++) {
      long lo = offsets[g];
      long hi = offsets[g + 1];
      if (hi > lo) {
        INDArray rows = x.get(NDArrayIndex.interval(lo, hi), NDArrayIndex.all());
        INDArray grads = dy.get(NDArrayIndex.interval(lo, hi), NDArrayIndex.all());
        Nd4j.gemm(rows, grads, out.slice(g), true, false, 1.0, 0.0);
      }
    }
    return out;
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
