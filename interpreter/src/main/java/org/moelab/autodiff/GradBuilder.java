package org.moelab.autodiff;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.runtime.Mode;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * The small vocabulary the backward rules are written in: {@link TensorOps} in run mode plus
 * helpers for concrete shapes, scalars and the reduction of broadcast gradients.
 */
final class GradBuilder {
  private final TensorOps ops = new TensorOps(Mode.RUN);

  TensorOps ops() {
    return ops;
  }

  static TensorValue tv(Node n) {
    return TensorValue.of(n);
  }

  static SymShape sym(Shape s) {
    return SymShape.of(s);
  }

  static List<Dim> dims(Shape s) {
    List<Dim> out = new ArrayList<>(s.rank());
    for (long d : s.dims()) {
      out.add(Dim.of(d));
    }
    return out;
  }

  TensorValue scalar(double v, DType dtype) {
    return ops.scalar(v, dtype);
  }

  TensorValue zeros(Shape s, DType dtype) {
    return ops.full(sym(s), 0.0, dtype);
  }

  TensorValue add(TensorValue a, TensorValue b) {
    return ops.binary(Op.ADD, a, b);
  }

  TensorValue sub(TensorValue a, TensorValue b) {
    return ops.binary(Op.SUB, a, b);
  }

  TensorValue mul(TensorValue a, TensorValue b) {
    return ops.binary(Op.MUL, a, b);
  }

  TensorValue div(TensorValue a, TensorValue b) {
    return ops.binary(Op.DIV, a, b);
  }

  TensorValue mulScalar(TensorValue a, double s) {
    return mul(a, scalar(s, a.dtype()));
  }

  TensorValue neg(TensorValue a) {
    return ops.unary(Op.NEG, a);
  }

  TensorValue unary(Op op, TensorValue a) {
    return ops.unary(op, a);
  }

  TensorValue cmp(Op op, TensorValue a, TensorValue b) {
    return ops.binary(op, a, b);
  }

  /** {@code where(cond, a, 0)}. */
  TensorValue keepWhere(TensorValue cond, TensorValue a) {
    return ops.where(cond, a, scalar(0, a.dtype()));
  }

  TensorValue reshape(TensorValue a, Shape s) {
    return ops.reshape(a, dims(s));
  }

  TensorValue constantLongs(Shape s, long[] values, String label) {
    return ops.constant(HostTensor.ofLongs(s, values), label);
  }

  /**
   * Sums a gradient of a broadcast result back to an operand's shape: leading axes the operand
   * lacks, and axes where it has size 1 (numpy broadcasting in reverse).
   */
  TensorValue unbroadcast(TensorValue g, Shape target) {
    Shape gs = g.node().shape();
    if (gs.equals(target)) {
      return g;
    }
    int extra = gs.rank() - target.rank();
    List<Integer> axes = new ArrayList<>();
    for (int i = 0; i < extra; i++) {
      axes.add(i);
    }
    for (int i = 0; i < target.rank(); i++) {
      if (target.dim(i) == 1 && gs.dim(i + extra) != 1) {
        axes.add(i + extra);
      }
    }
    TensorValue summed = axes.isEmpty() ? g
        : ops.reduce(Op.SUM, g, axes.stream().mapToInt(Integer::intValue).toArray(), true);
    return reshape(summed, target);
  }

  /** A reduced result with its reduced axes put back as size 1 (undoing {@code keepdims=false}). */
  TensorValue keepDims(TensorValue reduced, Node reduceNode) {
    Shape in = reduceNode.input(0).shape();
    long[] kept = in.dims();
    for (int a : reduceNode.attrs().getInts("axes")) {
      kept[a] = 1;
    }
    return reshape(reduced, Shape.of(kept));
  }
}
