package org.moelab.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.moelab.ast.Expr;
import org.moelab.ast.IndexItem;
import org.moelab.runtime.Value.IntValue;
import org.moelab.runtime.Value.NoneValue;
import org.moelab.source.SourceSpan;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** {@code target[items]} for dicts (keys), lists (index, slice) and tensors (index, slice, index tensor). */
final class Indexing {
  private Indexing() {}

  static Value index(CallContext ctx, Value target, Expr.Index ix, Function<Expr, Value> eval) {
    if (target instanceof Value.DictValue d) {
      return dictKey(ctx, d, single(ctx, ix, eval), ix);
    } else if (target instanceof Value.ListValue l) {
      return list(ctx, l, ix, eval);
    } else if (target instanceof TensorValue t) {
      return tensor(ctx, t, ix, eval);
    } else if (target instanceof UnknownValue) {
      return UnknownValue.ANY;
    }
    throw ctx.error("E0109", "A " + target.typeName() + " cannot be indexed.", ix.span());
  }

  private static Value single(CallContext ctx, Expr.Index ix, Function<Expr, Value> eval) {
    if (ix.items().size() != 1 || !(ix.items().get(0) instanceof IndexItem.At at)) {
      throw ctx.error("E0109", "Expected one key inside [...].", ix.span());
    }
    return eval.apply(at.index());
  }

  private static Value dictKey(CallContext ctx, Value.DictValue d, Value key, Expr.Index ix) {
    if (key instanceof UnknownValue) {
      return UnknownValue.ANY;
    }
    if (!(key instanceof Value.StrValue s)) {
      throw ctx.error("E0109", "Dict keys are strings, got " + key.typeName() + ".", ix.items().get(0).span());
    }
    Value v = d.entries().get(s.value());
    if (v == null) {
      throw ctx.error("E0109", "No key " + Formatting.quote(s.value()) + " in this dict of "
          + d.entries().size() + " entries.", ix.items().get(0).span(),
          Suggest.closest(s.value(), d.entries().keySet()).map(k -> "did you mean " + Formatting.quote(k) + "?")
              .orElse("Print keys(m) to see the keys."));
    }
    return v;
  }

  private static Value list(CallContext ctx, Value.ListValue l, Expr.Index ix, Function<Expr, Value> eval) {
    if (ix.items().size() != 1) {
      throw ctx.error("E0109", "Lists take one index.", ix.span());
    }
    int n = l.elements().size();
    if (ix.items().get(0) instanceof IndexItem.Slice s) {
      long[] r = range(ctx, s, n, eval);
      if (r == null) {
        return new UnknownValue(UnknownValue.Kind.LIST);
      }
      List<Value> out = new ArrayList<>();
      for (long i = r[0]; i < r[1]; i += r[2]) {
        out.add(l.elements().get((int) i));
      }
      return new Value.ListValue(out);
    }
    Value key = eval.apply(((IndexItem.At) ix.items().get(0)).index());
    if (key instanceof UnknownValue) {
      return UnknownValue.ANY;
    }
    if (!(key instanceof IntValue i)) {
      throw ctx.error("E0109", "List indices are ints, got " + key.typeName() + ".", ix.items().get(0).span());
    }
    long k = i.value() < 0 ? i.value() + n : i.value();
    if (k < 0 || k >= n) {
      throw ctx.error("E0109", "Index " + i.value() + " is out of range for a list of " + n + " elements.",
          ix.items().get(0).span());
    }
    return l.elements().get((int) k);
  }

  /** Row {@code i} of a tensor along its first axis. */
  static TensorValue row(CallContext ctx, TensorValue t, long i) {
    int rank = t.shape().rank();
    long[] starts = new long[rank];
    long[] stops = new long[rank];
    long[] steps = new long[rank];
    for (int a = 0; a < rank; a++) {
      starts[a] = a == 0 ? i : 0;
      stops[a] = a == 0 ? i + 1 : fixed(t.shape().dim(a));
      steps[a] = 1;
    }
    return ctx.ops().squeeze(ctx.ops().slice(t, starts, stops, steps), 0);
  }

  private static long fixed(Dim d) {
    return d instanceof Dim.Fixed f ? f.size() : -1;
  }

  private static Value tensor(CallContext ctx, TensorValue t, Expr.Index ix, Function<Expr, Value> eval) {
    SymShape s = t.shape();
    if (!s.hasRank()) {
      return t;
    }
    if (ix.items().size() > s.rank()) {
      throw ctx.error("E0109", "Too many indices (" + ix.items().size() + ") for a tensor of shape " + s + ".", ix.span());
    }
    if (!s.isConcrete()) {
      return abstractIndex(ctx, t, ix, eval);
    }
    int rank = s.rank();
    long[] starts = new long[rank];
    long[] stops = new long[rank];
    long[] steps = new long[rank];
    List<Integer> dropped = new ArrayList<>();
    List<Object[]> selects = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      long n = fixed(s.dim(a));
      starts[a] = 0;
      stops[a] = n;
      steps[a] = 1;
      if (a >= ix.items().size()) {
        continue;
      }
      IndexItem item = ix.items().get(a);
      if (item instanceof IndexItem.Slice sl) {
        long[] r = range(ctx, sl, n, eval);
        if (r == null) {
          return abstractIndex(ctx, t, ix, eval);
        }
        starts[a] = r[0];
        stops[a] = Math.max(r[0], r[1]);
        steps[a] = r[2];
        continue;
      }
      Value key = eval.apply(((IndexItem.At) item).index());
      if (key instanceof IntValue i) {
        long k = i.value() < 0 ? i.value() + n : i.value();
        if (k < 0 || k >= n) {
          throw ctx.error("E0109", "Index " + i.value() + " is out of range for axis " + a + " of size " + n
              + " (shape " + s + ").", item.span());
        }
        starts[a] = k;
        stops[a] = k + 1;
        dropped.add(a);
      } else if (key instanceof TensorValue || key instanceof Value.ListValue) {
        selects.add(new Object[] {a, ctx.toTensor(key, item.span())});
      } else if (key instanceof UnknownValue) {
        return abstractIndex(ctx, t, ix, eval);
      } else {
        throw ctx.error("E0109", "Tensor indices are ints, slices or int tensors, got " + key.typeName() + ".", item.span());
      }
    }
    TensorValue out = ctx.ops().slice(t, starts, stops, steps);
    for (Object[] sel : selects) {
      out = ctx.ops().indexSelect(out, (Integer) sel[0], (TensorValue) sel[1]);
    }
    List<Dim> kept = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      if (!dropped.contains(a)) {
        kept.add(out.shape().dim(a));
      }
    }
    return ctx.ops().reshape(out, kept);
  }

  private static Value abstractIndex(CallContext ctx, TensorValue t, Expr.Index ix, Function<Expr, Value> eval) {
    List<Dim> dims = new ArrayList<>();
    for (int a = 0; a < t.shape().rank(); a++) {
      if (a >= ix.items().size()) {
        dims.add(t.shape().dim(a));
        continue;
      }
      IndexItem item = ix.items().get(a);
      if (item instanceof IndexItem.Slice sl) {
        boolean whole = sl.start().isEmpty() && sl.stop().isEmpty() && sl.step().isEmpty();
        dims.add(whole ? t.shape().dim(a) : Dim.any());
      } else {
        Value key = eval.apply(((IndexItem.At) item).index());
        if (!(key instanceof IntValue) && !(key instanceof UnknownValue)) {
          dims.add(Dim.any());
        }
      }
    }
    return TensorOps.abstractTensor(SymShape.of(dims), t.dtype());
  }

  /** Python slice semantics: clamped start, stop, step for a length-n sequence; null if unknown. */
  private static long[] range(CallContext ctx, IndexItem.Slice s, long n, Function<Expr, Value> eval) {
    Long step = bound(ctx, s.step().map(eval).orElse(NoneValue.NONE), s.span());
    Long start = bound(ctx, s.start().map(eval).orElse(NoneValue.NONE), s.span());
    Long stop = bound(ctx, s.stop().map(eval).orElse(NoneValue.NONE), s.span());
    if (n < 0 || Long.valueOf(Long.MIN_VALUE).equals(step) || Long.valueOf(Long.MIN_VALUE).equals(start)
        || Long.valueOf(Long.MIN_VALUE).equals(stop)) {
      return null;
    }
    long st = step == null ? 1 : step;
    if (st <= 0) {
      throw ctx.error("E0109", "Slice steps must be positive, got " + st + ".", s.span());
    }
    long b = clamp(start == null ? 0 : start, n);
    long e = clamp(stop == null ? n : stop, n);
    return new long[] {b, Math.max(b, e), st};
  }

  private static long clamp(long i, long n) {
    long k = i < 0 ? i + n : i;
    return Math.max(0, Math.min(n, k));
  }

  private static Long bound(CallContext ctx, Value v, SourceSpan span) {
    if (v instanceof NoneValue) {
      return null;
    }
    if (v instanceof UnknownValue) {
      return Long.MIN_VALUE;
    }
    if (v instanceof IntValue i) {
      return i.value();
    }
    throw ctx.error("E0109", "Slice bounds are ints, got " + v.typeName() + ".", span);
  }
}
