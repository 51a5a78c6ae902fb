package org.moelab.backend.nd4j;

import java.util.List;
import org.moelab.backend.BackendException;
import org.moelab.ir.Attrs;
import org.moelab.ir.Node;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.GreaterThan;
import org.nd4j.linalg.api.ops.impl.transforms.custom.GreaterThanOrEqual;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LessThan;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LessThanOrEqual;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Maps element-wise, reduction and source ops onto ND4J. Binary and ternary inputs are broadcast
 * to the node's shape first (ND4J's pairwise ops want equal shapes).
 */
final class Nd4jOps {
  private static final double SQRT_HALF = Math.sqrt(0.5);

  private Nd4jOps() {}

  /** Computes {@code node} on {@code in}; the caller fixes up dtype, shape and ownership. */
  static INDArray compute(Node node, List<INDArray> in) {
    return switch (node.op().family()) {
      case SOURCE -> source(node);
      case UNARY -> unary(node, in.get(0));
      case BINARY -> binary(node, Nd4jShapes.broadcastTo(in.get(0), node.shape().dims()),
          sameOrder(in.get(0), Nd4jShapes.broadcastTo(in.get(1), node.shape().dims())));
      case TERNARY -> where(node, in);
      case REDUCE -> reduce(node, in.get(0));
      case MATMUL -> Nd4jMatmul.compute(node, in);
      case MOVEMENT -> Nd4jShapes.compute(node, in);
      case INDEX -> Nd4jIndexOps.compute(node, in);
      case SORT -> HostSort.compute(node, in.get(0));
      case RANDOM -> throw new BackendException(node.op()
          + " reached the nd4j backend; the executor must upload host-generated random tensors.");
    };
  }

  private static INDArray source(Node node) {
    DataType type = Nd4jTypes.toNd4j(node.dtype());
    long[] dims = node.shape().dims();
    return switch (node.op()) {
      case FULL -> node.shape().size() == 0
          ? Nd4j.create(type, dims)
          : Nd4j.valueArrayOf(dims, node.attrs().getDouble("value"), type);
      case ARANGE -> node.shape().size() == 0
          ? Nd4j.create(type, dims)
          : Nd4j.arange(0, node.shape().dim(0)).castTo(type);
      default -> throw unsupported(node);
    };
  }

  private static INDArray unary(Node node, INDArray x) {
    return switch (node.op()) {
      case NEG -> x.neg();
      case ABS -> Transforms.abs(x, true);
      case SIGN -> Transforms.sign(x, true);
      case EXP -> Transforms.exp(x, true);
      case LOG -> Transforms.log(x, true);
      case SQRT -> Transforms.sqrt(x, true);
      case SIN -> Transforms.sin(x, true);
      case COS -> Transforms.cos(x, true);
      case TANH -> Transforms.tanh(x, true);
      case SIGMOID -> Transforms.sigmoid(x, true);
      case RELU -> Transforms.relu(x, true);
      case SILU -> x.mul(Transforms.sigmoid(x, true));
      case GELU -> gelu(x);
      case NOT -> Transforms.not(x);
      case CAST -> x.castTo(Nd4jTypes.toNd4j(node.dtype()));
      default -> throw unsupported(node);
    };
  }

  /** Exact GELU, {@code x/2 · (1 + erf(x/√2))}; ND4J's own GELU ops are approximations. */
  private static INDArray gelu(INDArray x) {
    INDArray erf = Nd4j.exec(new Erf(x.mul(SQRT_HALF)));
    return erf.addi(1).muli(x).muli(0.5);
  }

  /**
   * {@code b} in {@code a}'s memory order: ND4J's elementwise kernels take a slow strided path when
   * a row-major and a column-major operand (a GEMM result) meet.
   */
  private static INDArray sameOrder(INDArray a, INDArray b) {
    boolean plain = b.isView() || b.length() <= 1;
    return a.ordering() == b.ordering() || plain ? b : b.dup(a.ordering());
  }

  private static INDArray binary(Node node, INDArray a, INDArray b) {
    return switch (node.op()) {
      case ADD -> a.add(b);
      case SUB -> a.sub(b);
      case MUL -> a.mul(b);
      case DIV -> a.div(b);
      case POW -> Transforms.pow(a, b, true);
      case MAXIMUM -> Transforms.max(a, b, true);
      case MINIMUM -> Transforms.min(a, b, true);
      case EQ -> a.eq(b);
      case NE -> a.neq(b);
      case LT -> Nd4j.exec(new LessThan(a, b))[0];
      case LE -> Nd4j.exec(new LessThanOrEqual(a, b))[0];
      case GT -> Nd4j.exec(new GreaterThan(a, b))[0];
      case GE -> Nd4j.exec(new GreaterThanOrEqual(a, b))[0];
      case AND -> Transforms.and(a, b);
      case OR -> Transforms.or(a, b);
      default -> throw unsupported(node);
    };
  }

  /** {@code where} through libnd4j's {@code select} op on inputs broadcast to the output shape. */
  private static INDArray where(Node node, List<INDArray> in) {
    long[] dims = node.shape().dims();
    INDArray out = Nd4j.create(Nd4jTypes.toNd4j(node.dtype()), dims);
    if (node.shape().size() == 0) {
      return out;
    }
    CustomOp select = DynamicCustomOp.builder("select")
        .addInputs(Nd4jShapes.broadcastTo(in.get(0), dims), Nd4jShapes.broadcastTo(in.get(1), dims),
            Nd4jShapes.broadcastTo(in.get(2), dims))
        .addOutputs(out)
        .build();
    Nd4j.exec(select);
    return out;
  }

  private static INDArray reduce(Node node, INDArray x) {
    Attrs attrs = node.attrs();
    return switch (node.op()) {
      case SUM -> reduceOver(x, attrs, (a, keep, axes) -> a.sum(keep, axes));
      case MEAN -> reduceOver(x, attrs, (a, keep, axes) -> a.mean(keep, axes));
      case MAX -> reduceOver(x, attrs, (a, keep, axes) -> a.max(keep, axes));
      case MIN -> reduceOver(x, attrs, (a, keep, axes) -> a.min(keep, axes));
      case ARGMAX -> Nd4j.argMax(x, attrs.getInt("axis"));
      case CUMSUM -> cumsum(x, attrs.getInt("axis"));
      default -> throw unsupported(node);
    };
  }

  /**
   * Inclusive prefix sum. ND4J's cumsum fails along a middle axis of a rank-3 array ("Illegal index
   * out of tads"), so the axis is moved last, summed there on a contiguous copy, and moved back.
   */
  private static INDArray cumsum(INDArray x, int axis) {
    int rank = x.rank();
    if (axis == rank - 1 || rank <= 1) {
      return x.dup('c').cumsum(axis);
    }
    int[] toLast = new int[rank];
    int[] back = new int[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      if (i != axis) {
        toLast[j++] = i;
      }
    }
    toLast[rank - 1] = axis;
    for (int i = 0; i < rank; i++) {
      back[toLast[i]] = i;
    }
    INDArray moved = x.permute(toLast).dup('c');
    return moved.cumsum(rank - 1).permute(back).dup('c');
  }

  /** A reduction over several axes at once. */
  private interface Reduction {
    INDArray apply(INDArray x, boolean keepdims, int... axes);
  }

  private static INDArray reduceOver(INDArray x, Attrs attrs, Reduction reduction) {
    int[] axes = attrs.getInts("axes");
    if (axes.length == 0) {
      return x.dup();
    }
    return reduction.apply(x, attrs.getBool("keepdims"), axes);
  }

  /** An error for an op that reached a handler of the wrong family. */
  static BackendException unsupported(Node node) {
    return new BackendException("The nd4j backend does not implement " + node.op() + " (in " + node + ").");
  }
}
