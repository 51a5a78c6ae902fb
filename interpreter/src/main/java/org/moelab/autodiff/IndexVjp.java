package org.moelab.autodiff;

import static org.moelab.autodiff.GradBuilder.tv;

import java.util.Arrays;
import java.util.List;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/**
 * Backward rules of the index ops. Gathers scatter their gradient back with INDEX_ADD (duplicates
 * accumulate); index inputs, counts, one-hots and sorts get none.
 */
final class IndexVjp {
  private final GradBuilder b;

  IndexVjp(GradBuilder b) {
    this.b = b;
  }

  /** One gradient per input of an INDEX-family op. */
  List<TensorValue> apply(Node node, TensorValue g) {
    return switch (node.op()) {
      case GATHER -> Arrays.asList(gather(node, g), null);
      case INDEX_SELECT -> Arrays.asList(indexSelect(node, g), null);
      case INDEX_ADD -> Arrays.asList(g, null,
          b.ops().indexSelect(g, node.attrs().getInt("axis"), tv(node.input(1))));
      default -> Arrays.asList(new TensorValue[node.inputs().size()]);
    };
  }

  /** index_select(x, axis, i): dx = index_add(0, axis, i, g). */
  private TensorValue indexSelect(Node node, TensorValue g) {
    Shape in = node.input(0).shape();
    return b.ops().indexAdd(b.zeros(in, g.dtype()), node.attrs().getInt("axis"), tv(node.input(1)), g);
  }

  /**
   * gather(x, axis, i): every output element came from one element of x, whose flat position is
   * {@code base[p] + i[p]·stride(axis)} with {@code base} fixed by the shapes; scatter-add g there.
   */
  private TensorValue gather(Node node, TensorValue g) {
    Shape in = node.input(0).shape();
    Shape idx = node.input(1).shape();
    int axis = node.attrs().getInt("axis");
    long[] strides = in.strides();
    TensorValue base = b.constantLongs(idx, basePositions(idx, strides, axis), "gather-grad");
    TensorValue stride = b.scalar(strides[axis], DType.I64);
    TensorValue flat = b.add(base, b.mul(tv(node.input(1)), stride));
    long n = idx.size();
    TensorValue scattered = b.ops().indexAdd(b.zeros(Shape.of(in.size()), g.dtype()), 0,
        b.reshape(flat, Shape.of(n)), b.reshape(g, Shape.of(n)));
    return b.reshape(scattered, in);
  }

  /** For each position p of the index, Σ_{j ≠ axis} p_j · stride_j in x. */
  private static long[] basePositions(Shape idx, long[] strides, int axis) {
    long[] out = new long[Math.toIntExact(idx.size())];
    long[] dims = idx.dims();
    long[] coord = new long[dims.length];
    for (int p = 0; p < out.length; p++) {
      long pos = 0;
      for (int j = 0; j < dims.length; j++) {
        pos += j == axis ? 0 : coord[j] * strides[j];
      }
      out[p] = pos;
      for (int j = dims.length - 1; j >= 0; j--) {
        if (++coord[j] < dims[j]) {
          break;
        }
        coord[j] = 0;
      }
    }
    return out;
  }

  /** True for ops whose outputs are integer-valued or piecewise constant. */
  static boolean opaque(Op op) {
    return switch (op) {
      case BINCOUNT, ONE_HOT, ARGMAX, TOPK_INDICES, ARGSORT, SIGN, NOT -> true;
      default -> false;
    };
  }
}
