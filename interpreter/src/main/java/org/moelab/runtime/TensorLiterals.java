package org.moelab.runtime;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.Value.BoolValue;
import org.moelab.runtime.Value.FloatValue;
import org.moelab.runtime.Value.IntValue;
import org.moelab.runtime.Value.ListValue;
import org.moelab.source.SourceSpan;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Turns nested lists into tensors: {@code [[1.0, 2.0]]} has shape [1, 2]. Numbers give an f32 (any
 * float present) or i64 tensor; a list of tensors stacks them.
 */
final class TensorLiterals {
  private TensorLiterals() {}

  static TensorValue fromList(CallContext ctx, ListValue list, SourceSpan span) {
    if (!list.elements().isEmpty() && list.elements().stream().allMatch(e -> e instanceof TensorValue)) {
      List<TensorValue> parts = list.elements().stream().map(e -> (TensorValue) e).toList();
      return ctx.ops().stack(parts, 0);
    }
    List<Long> shape = new ArrayList<>();
    shapeOf(list, shape);
    List<Double> flat = new ArrayList<>();
    boolean[] kinds = new boolean[3];
    flatten(ctx, list, span, shape, 0, flat, kinds);
    DType dtype = kinds[0] ? DType.F32 : kinds[1] ? DType.I64 : kinds[2] ? DType.BOOL : DType.F32;
    double[] values = flat.stream().mapToDouble(Double::doubleValue).toArray();
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    return ctx.ops().constant(HostTensor.fromDoubles(dtype, Shape.of(dims), values), "literal");
  }

  /** The shape a nested list claims, read along its first elements (raggedness is checked later). */
  private static void shapeOf(Value v, List<Long> shape) {
    if (v instanceof ListValue l) {
      shape.add((long) l.elements().size());
      if (!l.elements().isEmpty()) {
        shapeOf(l.elements().get(0), shape);
      }
    }
  }

  private static void flatten(CallContext ctx, Value v, SourceSpan span, List<Long> shape, int depth,
      List<Double> out, boolean[] kinds) {
    if (depth == shape.size()) {
      out.add(number(ctx, v, span, kinds));
      return;
    }
    if (!(v instanceof ListValue l) || l.elements().size() != shape.get(depth)) {
      throw ctx.error("E0201", "Tensor literal is ragged: expected " + shape.get(depth)
          + " elements at depth " + (depth + 1) + ", got " + describe(v) + ".", span,
          "Every row of a tensor literal must have the same length.");
    }
    for (Value e : l.elements()) {
      flatten(ctx, e, span, shape, depth + 1, out, kinds);
    }
  }

  private static String describe(Value v) {
    return v instanceof ListValue l ? l.elements().size() + " elements" : "a " + v.typeName();
  }

  private static double number(CallContext ctx, Value v, SourceSpan span, boolean[] kinds) {
    if (v instanceof FloatValue f) {
      kinds[0] = true;
      return f.value();
    }
    if (v instanceof IntValue i) {
      kinds[1] = true;
      return i.value();
    }
    if (v instanceof BoolValue b) {
      kinds[2] = true;
      return b.value() ? 1 : 0;
    }
    if (v instanceof ListValue) {
      throw ctx.error("E0201", "Tensor literal is ragged: a list appears where a number was expected.", span);
    }
    throw ctx.error("E0104", "A tensor literal holds numbers only, got " + v.typeName() + ".", span);
  }
}
