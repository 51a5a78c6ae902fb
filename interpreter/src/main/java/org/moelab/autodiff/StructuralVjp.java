package org.moelab.autodiff;

import static org.moelab.autodiff.GradBuilder.tv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.Shape;
import org.moelab.types.Dim;

/**
 * Backward rules of reductions, matrix products and movement ops. Same contract as {@link
 * ElementwiseVjp}: one gradient per input, null where an input gets none.
 */
final class StructuralVjp {
  private final GradBuilder b;

  StructuralVjp(GradBuilder b) {
    this.b = b;
  }

  /** SUM, MEAN, MAX, MIN and CUMSUM (ARGMAX has no gradient). */
  List<TensorValue> reduce(Node node, TensorValue g) {
    Shape in = node.input(0).shape();
    return Arrays.asList(switch (node.op()) {
      case SUM -> b.ops().expand(b.keepDims(g, node), GradBuilder.sym(in));       // Σ: copy back
      case MEAN -> b.mulScalar(b.ops().expand(b.keepDims(g, node), GradBuilder.sym(in)),
          (double) node.shape().size() / Math.max(1, in.size()));                 // mean: copy / n
      case MAX, MIN -> extremum(node, g);
      case CUMSUM -> reverseCumsum(node, g);
      default -> null;
    });
  }

  /**
   * The gradient of max/min goes to the positions that attain it; ties share it equally
   * (PyTorch's amax/amin rule).
   */
  private TensorValue extremum(Node node, TensorValue g) {
    TensorValue x = tv(node.input(0));
    TensorValue winners = b.ops().cast(b.cmp(Op.EQ, x, b.keepDims(tv(node), node)), x.dtype());
    int[] axes = node.attrs().getInts("axes");
    TensorValue count = b.ops().reduce(Op.SUM, winners, axes, true);
    return b.mul(winners, b.div(b.keepDims(g, node), count));
  }

  /** Σ_{j ≥ i} g_j along the axis, as Σ_all g − cumsum(g) + g (the IR has no flip). */
  private TensorValue reverseCumsum(Node node, TensorValue g) {
    int axis = node.attrs().getInt("axis");
    TensorValue total = b.ops().reduce(Op.SUM, g, new int[] {axis}, true);
    return b.add(b.sub(total, b.ops().cumsum(g, axis)), g);
  }

  /** MATMUL, SEGMENT_MATMUL and SEGMENT_OUTER. */
  List<TensorValue> product(Node node, TensorValue g) {
    return switch (node.op()) {
      case MATMUL -> matmul(node, g);
      case SEGMENT_MATMUL -> segmentMatmul(node, g);
      case SEGMENT_OUTER -> segmentOuter(node, g);
      default -> throw new IllegalStateException("not a matrix product: " + node);
    };
  }

  /** C = A·B: dA = dC·Bᵀ, dB = Aᵀ·dC, summed over broadcast batch axes. */
  private List<TensorValue> matmul(Node node, TensorValue g) {
    TensorValue a = tv(node.input(0));
    TensorValue c = tv(node.input(1));
    TensorValue ga = b.ops().matmul(g, b.ops().transpose(c));
    TensorValue gc = b.ops().matmul(b.ops().transpose(a), g);
    return Arrays.asList(b.unbroadcast(ga, a.node().shape()), b.unbroadcast(gc, c.node().shape()));
  }

  /**
   * Grouped GEMM {@code y[rows_g] = x[rows_g]·w[g]}: dx is a grouped GEMM with wᵀ, {@code dx[rows_g]
   * = dy[rows_g]·w[g]ᵀ}; dw is the grouped outer product {@code dw[g] = x[rows_g]ᵀ·dy[rows_g]}. Both
   * cost N·a·b; an empty group gets a zero gradient.
   */
  private List<TensorValue> segmentMatmul(Node node, TensorValue g) {
    TensorValue x = tv(node.input(0));
    TensorValue w = tv(node.input(1));
    TensorValue offsets = tv(node.input(2));
    TensorValue gx = b.ops().segmentMatmul(g, b.ops().permute(w, new int[] {0, 2, 1}), offsets);
    TensorValue gw = b.ops().segmentOuter(x, g, offsets, Dim.of(w.node().shape().dim(0)));
    return Arrays.asList(gx, gw, null);
  }

  /**
   * Grouped outer product {@code out[g] = x[rows_g]ᵀ·dy[rows_g]} with upstream {@code G [G, a, b]}:
   * both gradients are grouped GEMMs, {@code dx[rows_g] = dy[rows_g]·G[g]ᵀ} and {@code
   * ddy[rows_g] = x[rows_g]·G[g]} (so gradients of gradients stay linear in N).
   */
  private List<TensorValue> segmentOuter(Node node, TensorValue g) {
    TensorValue x = tv(node.input(0));
    TensorValue dy = tv(node.input(1));
    TensorValue offsets = tv(node.input(2));
    TensorValue gx = b.ops().segmentMatmul(dy, b.ops().permute(g, new int[] {0, 2, 1}), offsets);
    TensorValue gdy = b.ops().segmentMatmul(x, g, offsets);
    return Arrays.asList(gx, gdy, null);
  }

  /** RESHAPE, PERMUTE, EXPAND, SLICE and CONCAT. */
  List<TensorValue> movement(Node node, TensorValue g) {
    Shape in = node.input(0).shape();
    return switch (node.op()) {
      case RESHAPE -> Arrays.asList(b.reshape(g, in));
      case PERMUTE -> Arrays.asList(b.ops().permute(g, inverse(node.attrs().getInts("axes"))));
      case EXPAND -> Arrays.asList(b.unbroadcast(g, in));
      case SLICE -> Arrays.asList(unslice(node, g));
      case CONCAT -> unconcat(node, g);
      default -> throw new IllegalStateException("not a movement op: " + node);
    };
  }

  private static int[] inverse(int[] axes) {
    int[] inv = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      inv[axes[i]] = i;
    }
    return inv;
  }

  /** Puts the slice's gradient back where it came from, zeros elsewhere, one axis at a time. */
  private TensorValue unslice(Node node, TensorValue g) {
    long[] starts = node.attrs().getLongs("starts");
    long[] steps = node.attrs().getLongs("steps");
    long[] current = node.shape().dims();
    Shape in = node.input(0).shape();
    TensorValue out = g;
    for (int axis = 0; axis < current.length; axis++) {
      if (current[axis] == in.dim(axis)) {
        continue;
      }
      long[] positions = new long[Math.toIntExact(current[axis])];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = starts[axis] + i * steps[axis];
      }
      current[axis] = in.dim(axis);
      TensorValue index = b.constantLongs(Shape.of(positions.length), positions, "slice-grad");
      out = b.ops().indexAdd(b.zeros(Shape.of(current), g.dtype()), axis, index, out);
    }
    return out;
  }

  /** Each input of a concat gets its own slice of the gradient. */
  private List<TensorValue> unconcat(Node node, TensorValue g) {
    int axis = node.attrs().getInt("axis");
    long[] starts = new long[node.shape().rank()];
    long[] stops = node.shape().dims();
    long[] steps = new long[starts.length];
    Arrays.fill(steps, 1);
    List<TensorValue> out = new ArrayList<>();
    long at = 0;
    for (Node in : node.inputs()) {
      starts[axis] = at;
      stops[axis] = at + in.shape().dim(axis);
      out.add(b.ops().slice(g, starts.clone(), stops.clone(), steps));
      at = stops[axis];
    }
    return out;
  }
}
