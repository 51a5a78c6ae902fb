package org.moelab.builtins;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;

/** sum/mean/max/min over a list's elements: numbers give a number, tensors an elementwise result. */
final class ListReductions {
  private ListReductions() {}

  static Value reduce(CallContext ctx, Value.ListValue list, Op op, SourceSpan span) {
    List<Value> items = list.elements();
    if (items.isEmpty()) {
      if (op == Op.SUM) {
        return Value.of(0L);
      }
      throw ctx.error("E0111", "Cannot take the " + op.name().toLowerCase() + " of an empty list.", span);
    }
    if (items.stream().anyMatch(v -> v instanceof UnknownValue)) {
      return UnknownValue.ANY;
    }
    if (items.stream().anyMatch(v -> v instanceof TensorValue)) {
      return tensors(ctx, items, op, span);
    }
    return numbers(ctx, items, op, span);
  }

  private static Value tensors(CallContext ctx, List<Value> items, Op op, SourceSpan span) {
    Op pairwise = switch (op) {
      case SUM, MEAN -> Op.ADD;
      case MAX -> Op.MAXIMUM;
      default -> Op.MINIMUM;
    };
    TensorValue acc = ctx.toTensor(items.get(0), span);
    for (int i = 1; i < items.size(); i++) {
      acc = ctx.ops().binary(pairwise, acc, ctx.toTensor(items.get(i), span));
    }
    return op == Op.MEAN ? ctx.ops().binaryScalar(Op.DIV, acc, items.size(), true, false) : acc;
  }

  private static Value numbers(CallContext ctx, List<Value> items, Op op, SourceSpan span) {
    boolean ints = items.stream().allMatch(v -> v instanceof Value.IntValue || v instanceof Value.BoolValue);
    double acc = op == Op.MAX ? Double.NEGATIVE_INFINITY : op == Op.MIN ? Double.POSITIVE_INFINITY : 0;
    long iacc = op == Op.MAX ? Long.MIN_VALUE : op == Op.MIN ? Long.MAX_VALUE : 0;
    for (Value v : items) {
      double d;
      if (v instanceof Value.IntValue i) {
        d = i.value();
      } else if (v instanceof Value.FloatValue f) {
        d = f.value();
      } else if (v instanceof Value.BoolValue b) {
        d = b.value() ? 1 : 0;
      } else {
        throw ctx.error("E0104", "Cannot reduce a list holding a " + v.typeName() + ".", span);
      }
      long l = v instanceof Value.IntValue i ? i.value() : v instanceof Value.BoolValue b && b.value() ? 1 : 0;
      switch (op) {
        case MAX -> { acc = Math.max(acc, d); iacc = Math.max(iacc, l); }
        case MIN -> { acc = Math.min(acc, d); iacc = Math.min(iacc, l); }
        default -> { acc += d; iacc += l; }
      }
    }
    if (op == Op.MEAN) {
      return Value.of(acc / items.size());
    }
    return ints ? Value.of(iacc) : Value.of(acc);
  }
}
