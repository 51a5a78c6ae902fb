package org.moelab.autodiff;

import static org.moelab.autodiff.GradCase.of;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** The table of gradient checks: every differentiable op, with broadcasting, and composites. */
final class GradCases {
  private GradCases() {}

  private static long[] s(long... d) {
    return d;
  }

  private static HostTensor longs(long[] shape, long... v) {
    return HostTensor.ofLongs(Shape.of(shape), v);
  }

  static List<GradCase> all() {
    List<GradCase> c = new ArrayList<>();
    unary(c);
    binary(c);
    reductions(c);
    products(c);
    movement(c);
    index(c);
    composites(c);
    return c;
  }

  private static void unary(List<GradCase> c) {
    for (Op op : List.of(Op.NEG, Op.ABS, Op.EXP, Op.SIN, Op.COS, Op.TANH, Op.SIGMOID, Op.RELU, Op.SILU, Op.GELU)) {
      c.add(of(op.name().toLowerCase(), op.ordinal(), a -> a.ops().unary(op, a.get(0)), s(3, 4)));
    }
    c.add(of("log", 1, a -> a.ops().unary(Op.LOG, a.get(0)), s(3, 4)).positive());
    c.add(of("sqrt", 2, a -> a.ops().unary(Op.SQRT, a.get(0)), s(3, 4)).positive());
    c.add(of("gelu_near_zero", 3, a -> a.ops().unary(Op.GELU, a.ops().binaryScalar(Op.MUL, a.get(0), 1e-3, true, false)),
        s(5)));
    c.add(of("cast_f32_roundtrip", 4, a -> a.ops().cast(a.ops().cast(a.get(0), DType.F32), DType.F64), s(2, 3))
        .tolerance(1e-2, 1e-5));
  }

  private static void binary(List<GradCase> c) {
    for (Op op : List.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM)) {
      String n = op.name().toLowerCase();
      c.add(of(n + "_same", 10 + op.ordinal(), a -> a.ops().binary(op, a.get(0), a.get(1)), s(2, 3), s(2, 3)));
      c.add(of(n + "_bcast_rank", 20 + op.ordinal(), a -> a.ops().binary(op, a.get(0), a.get(1)), s(2, 3), s(3)));
      c.add(of(n + "_bcast_both", 30 + op.ordinal(), a -> a.ops().binary(op, a.get(0), a.get(1)), s(2, 1), s(1, 3)));
    }
    c.add(of("pow", 40, a -> a.ops().binary(Op.POW, a.get(0), a.get(1)), s(2, 3), s(3)).positive());
    c.add(of("where", 41, a -> a.ops().where(a.get(2), a.get(0), a.get(1)), s(2, 3), s(3))
        .with(HostTensor.fromDoubles(DType.BOOL, Shape.of(2, 3), new double[] {1, 0, 1, 0, 0, 1})));
  }

  private static void reductions(List<GradCase> c) {
    c.add(of("sum_axis1", 50, a -> a.ops().reduce(Op.SUM, a.get(0), new int[] {1}, false), s(2, 3, 4)));
    c.add(of("sum_all", 51, a -> a.ops().reduce(Op.SUM, a.get(0), new int[0], false), s(2, 3)));
    c.add(of("mean_axes02_keep", 52, a -> a.ops().reduce(Op.MEAN, a.get(0), new int[] {0, 2}, true), s(2, 3, 4)));
    c.add(of("max_axis1", 53, a -> a.ops().reduce(Op.MAX, a.get(0), new int[] {1}, false), s(3, 4)));
    c.add(of("min_all", 54, a -> a.ops().reduce(Op.MIN, a.get(0), new int[0], false), s(3, 4)));
    c.add(of("cumsum_axis1", 55, a -> a.ops().cumsum(a.get(0), 1), s(2, 4, 3)));
    c.add(of("cumsum_axis0", 56, a -> a.ops().cumsum(a.get(0), 0), s(5)));
  }

  private static void products(List<GradCase> c) {
    c.add(of("matmul_2d", 60, a -> a.ops().matmul(a.get(0), a.get(1)), s(3, 4), s(4, 2)));
    c.add(of("matmul_batch_x_2d", 61, a -> a.ops().matmul(a.get(0), a.get(1)), s(2, 3, 4), s(4, 5)));
    c.add(of("matmul_bcast_batch", 62, a -> a.ops().matmul(a.get(0), a.get(1)), s(2, 1, 3, 4), s(3, 4, 2)));
    c.add(of("matmul_vector", 63, a -> a.ops().matmul(a.get(0), a.get(1)), s(4), s(4, 3)));
    c.add(of("segment_matmul", 64, a -> a.ops().segmentMatmul(a.get(0), a.get(1), a.get(2)), s(5, 3), s(3, 3, 2))
        .with(longs(s(4), 0, 2, 2, 5)));
    c.add(of("segment_matmul_empty_ends", 65, a -> a.ops().segmentMatmul(a.get(0), a.get(1), a.get(2)), s(4, 2),
        s(4, 2, 3)).with(longs(s(5), 0, 0, 1, 4, 4)));
    c.add(of("segment_outer", 66, a -> a.ops().segmentOuter(a.get(0), a.get(1), a.get(2), Dim.of(4)), s(6, 3), s(6, 2))
        .with(longs(s(5), 0, 0, 2, 2, 6)));
  }

  private static void movement(List<GradCase> c) {
    c.add(of("reshape", 70, a -> a.ops().reshape(a.get(0), CallContext.dims(3, 4)), s(2, 6)));
    c.add(of("permute", 71, a -> a.ops().permute(a.get(0), new int[] {2, 0, 1}), s(2, 3, 4)));
    c.add(of("expand", 72, a -> a.ops().expand(a.get(0), SymShape.fixed(2, 3, 4)), s(3, 1)));
    c.add(of("slice_strided", 73, a -> a.ops().slice(a.get(0), new long[] {1, 0}, new long[] {5, 3}, new long[] {2, 2}),
        s(5, 3)));
    c.add(of("concat_axis1", 74, a -> a.ops().concat(List.of(a.get(0), a.get(1), a.get(0)), 1), s(2, 3), s(2, 1)));
  }

  private static void index(List<GradCase> c) {
    c.add(of("gather_axis1_dups", 80, a -> a.ops().gather(a.get(0), 1, a.get(1)), s(2, 3))
        .with(longs(s(2, 4), 0, 2, 2, 1, 1, 0, 1, 1)));
    c.add(of("gather_axis0_3d", 81, a -> a.ops().gather(a.get(0), 0, a.get(1)), s(3, 2, 2))
        .with(longs(s(2, 2, 1), 2, 0, 0, 2)));
    c.add(of("index_select_dups", 82, a -> a.ops().indexSelect(a.get(0), 0, a.get(1)), s(3, 2))
        .with(longs(s(4), 2, 0, 2, 1)));
    c.add(of("index_add", 83, a -> a.ops().indexAdd(a.get(0), 1, a.get(2), a.get(1)), s(2, 3), s(2, 4))
        .with(longs(s(4), 0, 2, 0, 1)));
  }

  private static void composites(List<GradCase> c) {
    c.add(of("softmax", 90, a -> a.ops().softmax(a.get(0), -1), s(3, 5)));
    c.add(of("logsumexp", 91, a -> a.ops().logsumexp(a.get(0), 1, false), s(3, 5)));
    c.add(of("topk_gather", 92, a -> {
      TensorValue p = a.ops().softmax(a.get(0), -1);
      return a.ops().gather(p, 1, a.ops().topkIndices(p, 2, true));
    }, s(4, 6)));
    c.add(of("argsort_gather", 93, a -> a.ops().gather(a.get(0), 1, a.ops().argsort(a.get(0), true)), s(3, 4)));
    c.add(of("norm", 94, a -> a.ops().unary(Op.SQRT,
        a.ops().reduce(Op.SUM, a.ops().binary(Op.MUL, a.get(0), a.get(0)), new int[] {1}, false)), s(3, 4)));
  }
}
