package org.moelab.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.List;
import org.moelab.backend.BackendException;
import org.moelab.ir.Attrs;
import org.moelab.ir.Node;

/**
 * Maps each IR op onto DJL NDArray calls. Results may be created in the inputs' manager or in
 * {@code scope}; {@link DjlBackend} moves the final result into its own manager.
 */
final class DjlOps {
  private DjlOps() {}

  /** Computes {@code node} on {@code in}; the caller fixes up the dtype. */
  static NDArray compute(Node node, List<NDArray> in, NDManager scope) {
    return switch (node.op().family()) {
      case SOURCE -> source(node, scope);
      case UNARY -> unary(node, in.get(0));
      case BINARY -> binary(node, in.get(0), in.get(1));
      case TERNARY -> where(node, in.get(0), in.get(1), in.get(2));
      case REDUCE -> reduce(node, in.get(0));
      case MATMUL -> DjlMatmul.compute(node, in, scope);
      case MOVEMENT -> movement(node, in);
      case INDEX -> DjlIndexOps.compute(node, in, scope);
      case SORT -> DjlSortOps.compute(node, in.get(0), scope);
      case RANDOM -> throw new BackendException(node.op()
          + " reached the djl backend; the executor must upload host-generated random tensors.");
    };
  }

  private static NDArray source(Node node, NDManager scope) {
    DataType type = DjlTypes.toDjl(node.dtype());
    return switch (node.op()) {
      case FULL -> full(node, scope);
      case ARANGE -> scope.arange(0L, node.shape().dim(0), 1L, DataType.INT64).toType(type, false);
      default -> throw unsupported(node);
    };
  }

  private static NDArray full(Node node, NDManager scope) {
    double value = node.attrs().getDouble("value");
    NDArray scalar = node.dtype().isFloating()
        ? scope.create(value)
        : scope.create((long) value);
    NDArray typed = scalar.toType(DjlTypes.toDjl(node.dtype()), false);
    return typed.broadcast(DjlTypes.toDjl(node.shape())).duplicate();
  }

  private static NDArray unary(Node node, NDArray x) {
    return switch (node.op()) {
      case NEG -> x.neg();
      case ABS -> x.abs();
      case SIGN -> x.sign();
      case EXP -> x.exp();
      case LOG -> x.log();
      case SQRT -> x.sqrt();
      case SIN -> x.sin();
      case COS -> x.cos();
      case TANH -> x.tanh();
      case SIGMOID -> Activation.sigmoid(x);
      case RELU -> Activation.relu(x);
      case SILU -> x.mul(Activation.sigmoid(x));
      case GELU -> Activation.gelu(x);
      case NOT -> x.logicalNot();
      case CAST -> x.toType(DjlTypes.toDjl(node.dtype()), true);
      default -> throw unsupported(node);
    };
  }

  private static NDArray binary(Node node, NDArray a, NDArray b) {
    return switch (node.op()) {
      case ADD -> a.add(b);
      case SUB -> a.sub(b);
      case MUL -> a.mul(b);
      case DIV -> a.div(b);
      case POW -> a.pow(b);
      case MAXIMUM -> a.maximum(b);
      case MINIMUM -> a.minimum(b);
      case EQ -> a.eq(b);
      case NE -> a.neq(b);
      case LT -> a.lt(b);
      case LE -> a.lte(b);
      case GT -> a.gt(b);
      case GE -> a.gte(b);
      case AND -> a.logicalAnd(b);
      case OR -> a.logicalOr(b);
      default -> throw unsupported(node);
    };
  }

  private static NDArray reduce(Node node, NDArray x) {
    Attrs attrs = node.attrs();
    return switch (node.op()) {
      case SUM -> reduceOver(x, attrs, (a, axes, keep) -> a.sum(axes, keep));
      case MEAN -> reduceOver(x, attrs, (a, axes, keep) -> a.sum(axes, keep).div(count(a, axes)));
      case MAX -> reduceOver(x, attrs, (a, axes, keep) -> axisByAxis(a, axes, keep, NDArray::max));
      case MIN -> reduceOver(x, attrs, (a, axes, keep) -> axisByAxis(a, axes, keep, NDArray::min));
      case ARGMAX -> argmax(x, attrs.getInt("axis"), attrs.getBool("keepdims"));
      case CUMSUM -> x.cumSum(attrs.getInt("axis"));
      default -> throw unsupported(node);
    };
  }

  /** A reduction over several axes at once. */
  private interface Reduction {
    NDArray apply(NDArray x, int[] axes, boolean keepdims);
  }

  private static NDArray reduceOver(NDArray x, Attrs attrs, Reduction reduction) {
    int[] axes = attrs.getInts("axes");
    if (axes.length == 0) {
      return x.duplicate();
    }
    return reduction.apply(x, axes, attrs.getBool("keepdims"));
  }

  private static long count(NDArray x, int[] axes) {
    long n = 1;
    for (int axis : axes) {
      n *= x.getShape().get(axis);
    }
    return n;
  }

  /**
   * Reduces one axis at a time (DJL's PyTorch max and min take a single axis); exact, because max
   * and min do not round.
   */
  private static NDArray axisByAxis(NDArray x, int[] axes, boolean keepdims, Reduction single) {
    int[] sorted = axes.clone();
    Arrays.sort(sorted);
    NDArray out = x;
    for (int i = sorted.length - 1; i >= 0; i--) {
      out = single.apply(out, new int[] {sorted[i]}, keepdims);
    }
    return out;
  }

  private static NDArray where(Node node, NDArray cond, NDArray a, NDArray b) {
    Shape shape = DjlTypes.toDjl(node.shape());
    return NDArrays.where(cond.broadcast(shape), a.broadcast(shape), b.broadcast(shape));
  }

  private static NDArray argmax(NDArray x, int axis, boolean keepdims) {
    NDArray index = x.argMax(axis);
    return keepdims ? index.expandDims(axis) : index;
  }

  private static NDArray movement(Node node, List<NDArray> in) {
    NDArray x = in.get(0);
    Attrs attrs = node.attrs();
    return switch (node.op()) {
      case RESHAPE -> x.reshape(DjlTypes.toDjl(node.shape()));
      case PERMUTE -> x.transpose(attrs.getInts("axes"));
      case EXPAND -> x.broadcast(DjlTypes.toDjl(node.shape()));
      case SLICE -> slice(x, attrs);
      case CONCAT -> in.size() == 1
          ? x.duplicate()
          : NDArrays.concat(new NDList(in), attrs.getInt("axis"));
      default -> throw unsupported(node);
    };
  }

  private static NDArray slice(NDArray x, Attrs attrs) {
    long[] starts = attrs.getLongs("starts");
    long[] stops = attrs.getLongs("stops");
    long[] steps = attrs.getLongs("steps");
    NDIndex index = new NDIndex();
    for (int axis = 0; axis < starts.length; axis++) {
      index.addSliceDim(starts[axis], stops[axis], steps[axis]);
    }
    return x.get(index);
  }

  /** An error for an op that reached a handler of the wrong family. */
  static BackendException unsupported(Node node) {
    return new BackendException("The djl backend does not implement " + node.op() + " (in " + node + ").");
  }
}
