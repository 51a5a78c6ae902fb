package org.moelab.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.moelab.ir.Attrs;
import org.moelab.ir.Constant;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.types.Dim;
import org.moelab.types.ShapeError;
import org.moelab.types.ShapeRules;
import org.moelab.types.SymShape;

/**
 * Builds tensor graphs: every tensor operation of the language and the stdlib goes through here.
 * Each method applies the op's shape and dtype rule (throwing {@link ShapeError}) and, when running,
 * creates the IR node; when checking it returns an abstract tensor with the inferred shape.
 */
public final class TensorOps {
  private final Mode mode;

  /** Graph builder for {@code mode}. */
  public TensorOps(Mode mode) {
    this.mode = mode;
  }

  /** The mode this builder works in. */
  public Mode mode() {
    return mode;
  }

  private TensorValue make(Op op, List<TensorValue> inputs, Attrs attrs, SymShape shape, DType dtype) {
    if (mode == Mode.CHECK || inputs.stream().anyMatch(TensorValue::isAbstract)) {
      return new TensorValue(shape, dtype, null);
    }
    List<Node> nodes = new ArrayList<>(inputs.size());
    for (TensorValue in : inputs) {
      nodes.add(in.node());
    }
    return TensorValue.of(Node.of(op, nodes, attrs, shape.toShape(), dtype));
  }

  // ---- sources ----

  /** A constant tensor from host memory. */
  public TensorValue constant(HostTensor value, String label) {
    SymShape shape = SymShape.of(value.shape());
    if (mode == Mode.CHECK) {
      return new TensorValue(shape, value.dtype(), null);
    }
    return make(Op.CONSTANT, List.of(), Attrs.of("value", Constant.of(value, label)), shape, value.dtype());
  }

  /** An abstract tensor for the checker (also used for unknown inputs). */
  public static TensorValue abstractTensor(SymShape shape, DType dtype) {
    return new TensorValue(shape, dtype, null);
  }

  /** A tensor of {@code shape} filled with {@code value}. */
  public TensorValue full(SymShape shape, double value, DType dtype) {
    return make(Op.FULL, List.of(), Attrs.of("value", value), shape, dtype);
  }

  /** A scalar (rank 0) tensor. */
  public TensorValue scalar(double value, DType dtype) {
    return full(SymShape.fixed(), value, dtype);
  }

  /** {@code [0, n)} as {@code dtype}. */
  public TensorValue arange(Dim n, DType dtype) {
    return make(Op.ARANGE, List.of(), Attrs.none(), SymShape.of(List.of(n)), dtype);
  }

  /** Seeded normal samples. */
  public TensorValue randomNormal(SymShape shape, long seed, double mean, double std, DType dtype) {
    return make(Op.RANDOM_NORMAL, List.of(), Attrs.of("seed", seed, "mean", mean, "std", std), shape, dtype);
  }

  /** Seeded uniform samples in [low, high). */
  public TensorValue randomUniform(SymShape shape, long seed, double low, double high, DType dtype) {
    return make(Op.RANDOM_UNIFORM, List.of(), Attrs.of("seed", seed, "low", low, "high", high), shape, dtype);
  }

  // ---- elementwise ----

  /** A unary elementwise op; float-valued ops promote integer inputs to f32. */
  public TensorValue unary(Op op, TensorValue x) {
    DType out = switch (op) {
      case NEG, ABS, SIGN, RELU -> x.dtype();
      case NOT -> DType.BOOL;
      default -> DTypes.floating(x.dtype());
    };
    TensorValue in = out == x.dtype() || op == Op.NOT ? x : cast(x, out);
    return make(op, List.of(in), Attrs.none(), x.shape(), out);
  }

  /** A binary elementwise op with numpy broadcasting and dtype promotion. */
  public TensorValue binary(Op op, TensorValue a, TensorValue b) {
    SymShape shape = ShapeRules.broadcast(a.shape(), b.shape());
    DType common = op == Op.DIV || op == Op.POW && a.dtype().isFloating()
        ? DTypes.floating(DTypes.promote(a.dtype(), b.dtype()))
        : DTypes.promote(a.dtype(), b.dtype());
    if (op == Op.AND || op == Op.OR) {
      common = DType.BOOL;
    }
    DType out = isComparison(op) ? DType.BOOL : common;
    return make(op, List.of(cast(a, common), cast(b, common)), Attrs.none(), shape, out);
  }

  /** A binary op between a tensor and a scalar; {@code scalarFirst} puts the scalar on the left. */
  public TensorValue binaryScalar(Op op, TensorValue t, double scalar, boolean scalarIsFloat, boolean scalarFirst) {
    DType dtype = DTypes.withScalar(t.dtype(), scalarIsFloat);
    TensorValue s = scalar(scalar, dtype);
    TensorValue tt = cast(t, dtype);
    return scalarFirst ? binary(op, s, tt) : binary(op, tt, s);
  }

  private static boolean isComparison(Op op) {
    return switch (op) {
      case EQ, NE, LT, LE, GT, GE, AND, OR -> true;
      default -> false;
    };
  }

  /** {@code where(cond, a, b)} with broadcasting. */
  public TensorValue where(TensorValue cond, TensorValue a, TensorValue b) {
    SymShape shape = ShapeRules.broadcast(ShapeRules.broadcast(cond.shape(), a.shape()), b.shape());
    DType dtype = DTypes.promote(a.dtype(), b.dtype());
    return make(Op.WHERE, List.of(cast(cond, DType.BOOL), cast(a, dtype), cast(b, dtype)), Attrs.none(), shape, dtype);
  }

  /** Converts to {@code dtype} (no node when it already is). */
  public TensorValue cast(TensorValue x, DType dtype) {
    if (x.dtype() == dtype) {
      return x;
    }
    return make(Op.CAST, List.of(x), Attrs.none(), x.shape(), dtype);
  }

  // ---- reductions ----

  /** SUM, MEAN, MAX or MIN over {@code axes} (any sign; empty means all axes). */
  public TensorValue reduce(Op op, TensorValue x, int[] axes, boolean keepdims) {
    int[] norm = normalizeAxes(x.shape(), axes);
    DType out = op == Op.MEAN ? DTypes.floating(x.dtype())
        : op == Op.SUM && x.dtype() == DType.BOOL ? DType.I64 : x.dtype();
    TensorValue in = cast(x, out);
    SymShape shape = ShapeRules.reduce(x.shape(), norm, keepdims);
    return make(op, List.of(in), Attrs.of("axes", norm, "keepdims", keepdims), shape, out);
  }

  /** Index of the first maximum along {@code axis}. */
  public TensorValue argmax(TensorValue x, int axis, boolean keepdims) {
    if (!x.shape().hasRank()) {
      return abstractTensor(SymShape.unknownRank(), DType.I64);
    }
    int a = ShapeRules.axis(axis, x.shape().rank(), x.shape());
    SymShape shape = ShapeRules.reduce(x.shape(), new int[] {a}, keepdims);
    return make(Op.ARGMAX, List.of(x), Attrs.of("axis", a, "keepdims", keepdims), shape, DType.I64);
  }

  /** Inclusive prefix sum along {@code axis}. */
  public TensorValue cumsum(TensorValue x, int axis) {
    if (!x.shape().hasRank()) {
      return x;
    }
    int a = ShapeRules.axis(axis, x.shape().rank(), x.shape());
    return make(Op.CUMSUM, List.of(x), Attrs.of("axis", a), x.shape(), x.dtype());
  }

  private static int[] normalizeAxes(SymShape s, int[] axes) {
    if (!s.hasRank()) {
      return axes;
    }
    if (axes.length == 0) {
      int[] all = new int[s.rank()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      out[i] = ShapeRules.axis(axes[i], s.rank(), s);
    }
    Arrays.sort(out);
    return out;
  }

  /** Numerically stable softmax along {@code axis} (the maximum is subtracted first). */
  public TensorValue softmax(TensorValue x, int axis) {
    TensorValue shifted = binary(Op.SUB, x, reduce(Op.MAX, x, new int[] {axis}, true));
    TensorValue e = unary(Op.EXP, shifted);
    return binary(Op.DIV, e, reduce(Op.SUM, e, new int[] {axis}, true));
  }

  /** Numerically stable {@code log Σ exp(x)} along {@code axis}. */
  public TensorValue logsumexp(TensorValue x, int axis, boolean keepdims) {
    TensorValue m = reduce(Op.MAX, x, new int[] {axis}, true);
    TensorValue s = reduce(Op.SUM, unary(Op.EXP, binary(Op.SUB, x, m)), new int[] {axis}, true);
    TensorValue out = binary(Op.ADD, unary(Op.LOG, s), m);
    return keepdims ? out : squeeze(out, axis);
  }

  // ---- matmul ----

  /** numpy matmul; rank-1 operands are treated as a row (left) or column (right) and squeezed. */
  public TensorValue matmul(TensorValue a, TensorValue b) {
    boolean leftVector = a.shape().hasRank() && a.shape().rank() == 1;
    boolean rightVector = b.shape().hasRank() && b.shape().rank() == 1;
    TensorValue l = leftVector ? reshape(a, List.of(Dim.of(1), a.shape().dim(0))) : a;
    TensorValue r = rightVector ? reshape(b, List.of(b.shape().dim(0), Dim.of(1))) : b;
    DType dtype = DTypes.floating(DTypes.promote(l.dtype(), r.dtype()));
    SymShape shape = ShapeRules.matmul(l.shape(), r.shape());
    TensorValue out = make(Op.MATMUL, List.of(cast(l, dtype), cast(r, dtype)), Attrs.none(), shape, dtype);
    if (leftVector) {
      out = squeeze(out, out.shape().rank() - 2);
    }
    if (rightVector) {
      out = squeeze(out, out.shape().rank() - 1);
    }
    return out;
  }

  /** Grouped GEMM: rows of {@code x} in group g (per {@code offsets}) times {@code w[g]}. */
  public TensorValue segmentMatmul(TensorValue x, TensorValue w, TensorValue offsets) {
    ShapeRules.requireRank(x.shape(), 2, "Grouped matmul input");
    ShapeRules.requireRank(w.shape(), 3, "Grouped matmul weights");
    ShapeRules.requireEqual(x.shape().dim(1), w.shape().dim(1), "Grouped matmul inner dimension");
    SymShape shape = SymShape.of(List.of(x.shape().dim(0), w.shape().dim(2)));
    DType dtype = DTypes.promote(x.dtype(), w.dtype());
    return make(Op.SEGMENT_MATMUL, List.of(cast(x, dtype), cast(w, dtype), cast(offsets, DType.I64)), Attrs.none(), shape, dtype);
  }

  /**
   * Grouped outer product {@code out[g] = x[rows_g]ᵀ · dy[rows_g]} over {@code groups} row groups
   * (per {@code offsets}, of length {@code groups + 1}): the weight gradient of {@link
   * #segmentMatmul}.
   */
  public TensorValue segmentOuter(TensorValue x, TensorValue dy, TensorValue offsets, Dim groups) {
    ShapeRules.requireRank(x.shape(), 2, "Grouped outer product input");
    ShapeRules.requireRank(dy.shape(), 2, "Grouped outer product gradient");
    ShapeRules.requireRank(offsets.shape(), 1, "Grouped outer product offsets");
    ShapeRules.requireEqual(x.shape().dimOrAny(0), dy.shape().dimOrAny(0), "Grouped outer product row count");
    ShapeRules.requireEqual(offsets.shape().dimOrAny(0), ShapeRules.plus(groups, Dim.of(1)),
        "Grouped outer product offsets length (groups + 1)");
    SymShape shape = SymShape.of(List.of(groups, x.shape().dimOrAny(1), dy.shape().dimOrAny(1)));
    DType dtype = DTypes.promote(x.dtype(), dy.dtype());
    return make(Op.SEGMENT_OUTER, List.of(cast(x, dtype), cast(dy, dtype), cast(offsets, DType.I64)), Attrs.none(), shape, dtype);
  }

  // ---- movement ----

  /** Row-major reshape; one target dimension may be -1. */
  public TensorValue reshape(TensorValue x, List<Dim> target) {
    SymShape shape = ShapeRules.reshape(x.shape(), target);
    if (shape.equals(x.shape())) {
      return x;
    }
    return make(Op.RESHAPE, List.of(x), Attrs.none(), shape, x.dtype());
  }

  /** Removes a size-1 axis. */
  public TensorValue squeeze(TensorValue x, int axis) {
    if (!x.shape().hasRank()) {
      return x;
    }
    List<Dim> dims = new ArrayList<>(x.shape().dims());
    dims.remove(ShapeRules.axis(axis, dims.size(), x.shape()));
    return reshape(x, dims);
  }

  /** Inserts a size-1 axis at {@code axis} (0..rank). */
  public TensorValue unsqueeze(TensorValue x, int axis) {
    if (!x.shape().hasRank()) {
      return x;
    }
    List<Dim> dims = new ArrayList<>(x.shape().dims());
    int a = axis < 0 ? axis + dims.size() + 1 : axis;
    dims.add(a, Dim.of(1));
    return reshape(x, dims);
  }

  /** Transpose by a permutation of the axes. */
  public TensorValue permute(TensorValue x, int[] axes) {
    SymShape shape = ShapeRules.permute(x.shape(), axes);
    int[] norm = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      norm[i] = ShapeRules.axis(axes[i], axes.length, x.shape());
    }
    boolean identity = true;
    for (int i = 0; i < norm.length; i++) {
      identity &= norm[i] == i;
    }
    return identity ? x : make(Op.PERMUTE, List.of(x), Attrs.of("axes", norm), shape, x.dtype());
  }

  /** Swaps the last two axes. */
  public TensorValue transpose(TensorValue x) {
    if (!x.shape().hasRank()) {
      return x;
    }
    int rank = x.shape().rank();
    if (rank < 2) {
      return x;
    }
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    axes[rank - 2] = rank - 1;
    axes[rank - 1] = rank - 2;
    return permute(x, axes);
  }

  /** Broadcasts to {@code shape}. */
  public TensorValue expand(TensorValue x, SymShape shape) {
    SymShape out = ShapeRules.broadcast(x.shape(), shape);
    if (!out.equals(shape)) {
      throw new ShapeError("Cannot broadcast " + x.shape() + " to " + shape + ".");
    }
    return out.equals(x.shape()) ? x : make(Op.EXPAND, List.of(x), Attrs.none(), out, x.dtype());
  }

  /** Strided slice with one (start, stop, step) per axis, already clamped. */
  public TensorValue slice(TensorValue x, long[] starts, long[] stops, long[] steps) {
    List<Dim> dims = new ArrayList<>();
    boolean whole = true;
    for (int i = 0; i < starts.length; i++) {
      long n = Math.max(0, (stops[i] - starts[i] + steps[i] - 1) / steps[i]);
      dims.add(Dim.of(n));
      whole &= starts[i] == 0 && steps[i] == 1 && x.shape().dim(i).is(stops[i]);
    }
    if (whole) {
      return x;
    }
    return make(Op.SLICE, List.of(x), Attrs.of("starts", starts, "stops", stops, "steps", steps), SymShape.of(dims), x.dtype());
  }

  /** Concatenates along {@code axis}. */
  public TensorValue concat(List<TensorValue> parts, int axis) {
    if (parts.stream().anyMatch(p -> !p.shape().hasRank())) {
      return abstractTensor(SymShape.unknownRank(), parts.get(0).dtype());
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int a = ShapeRules.axis(axis, parts.get(0).shape().rank(), parts.get(0).shape());
    SymShape shape = ShapeRules.concat(parts.stream().map(TensorValue::shape).toList(), a);
    DType dtype = parts.get(0).dtype();
    for (TensorValue p : parts) {
      dtype = DTypes.promote(dtype, p.dtype());
    }
    List<TensorValue> cast = new ArrayList<>();
    for (TensorValue p : parts) {
      cast.add(cast(p, dtype));
    }
    return make(Op.CONCAT, cast, Attrs.of("axis", a), shape, dtype);
  }

  /** Stacks equal-shaped tensors along a new axis. */
  public TensorValue stack(List<TensorValue> parts, int axis) {
    List<TensorValue> expanded = new ArrayList<>();
    for (TensorValue p : parts) {
      expanded.add(unsqueeze(p, axis));
    }
    return concat(expanded, axis);
  }

  // ---- index ----

  /** torch.gather along {@code axis}. */
  public TensorValue gather(TensorValue x, int axis, TensorValue index) {
    if (!x.shape().hasRank() || !index.shape().hasRank()) {
      return abstractTensor(index.shape(), x.dtype());
    }
    int a = ShapeRules.axis(axis, x.shape().rank(), x.shape());
    ShapeRules.requireRank(index.shape(), x.shape().rank(), "gather index");
    return make(Op.GATHER, List.of(x, cast(index, DType.I64)), Attrs.of("axis", a), index.shape(), x.dtype());
  }

  /** torch.index_select along {@code axis} with a 1-D index. */
  public TensorValue indexSelect(TensorValue x, int axis, TensorValue index) {
    if (!x.shape().hasRank()) {
      return x;
    }
    int a = ShapeRules.axis(axis, x.shape().rank(), x.shape());
    ShapeRules.requireRank(index.shape(), 1, "index_select index");
    SymShape shape = x.shape().with(a, index.shape().dim(0));
    return make(Op.INDEX_SELECT, List.of(x, cast(index, DType.I64)), Attrs.of("axis", a), shape, x.dtype());
  }

  /** base.index_add(axis, index, src). */
  public TensorValue indexAdd(TensorValue base, int axis, TensorValue index, TensorValue src) {
    if (!base.shape().hasRank() || !src.shape().hasRank()) {
      return base;
    }
    int a = ShapeRules.axis(axis, base.shape().rank(), base.shape());
    ShapeRules.requireRank(index.shape(), 1, "index_add index");
    ShapeRules.requireEqual(index.shape().dim(0), src.shape().dim(a), "index_add: index length vs source rows");
    return make(Op.INDEX_ADD, List.of(base, cast(index, DType.I64), cast(src, base.dtype())), Attrs.of("axis", a), base.shape(), base.dtype());
  }

  /** Counts of each value in a 1-D integer tensor, for values in [0, length). */
  public TensorValue bincount(TensorValue x, long length) {
    ShapeRules.requireRank(x.shape(), 1, "bincount input");
    return make(Op.BINCOUNT, List.of(cast(x, DType.I64)), Attrs.of("length", length), SymShape.fixed(length), DType.I64);
  }

  /** One-hot encoding along a new last axis. */
  public TensorValue oneHot(TensorValue x, long depth, DType dtype) {
    SymShape shape = x.shape().concat(SymShape.fixed(depth));
    return make(Op.ONE_HOT, List.of(cast(x, DType.I64)), Attrs.of("depth", depth), shape, dtype);
  }

  // ---- sort ----

  /** Indices of the top {@code k} along the last axis, ties to the lower index. */
  public TensorValue topkIndices(TensorValue x, long k, boolean largest) {
    SymShape s = x.shape();
    if (s.hasRank() && s.rank() == 0) {
      throw new ShapeError("top-k needs a tensor of rank at least 1, got a scalar.");
    }
    if (s.hasRank() && s.dim(-1) instanceof Dim.Fixed n && k > n.size()) {
      throw new ShapeError("Cannot take the top " + k + " of " + n.size() + " entries (shape " + s + ").",
          "Choose k between 1 and " + n.size() + ".");
    }
    SymShape shape = s.hasRank() ? s.with(-1, Dim.of(k)) : s;
    return make(Op.TOPK_INDICES, List.of(x), Attrs.of("k", k, "largest", largest), shape, DType.I64);
  }

  /** Stable argsort along the last axis. */
  public TensorValue argsort(TensorValue x, boolean descending) {
    return make(Op.ARGSORT, List.of(x), Attrs.of("descending", descending), x.shape(), DType.I64);
  }
}
