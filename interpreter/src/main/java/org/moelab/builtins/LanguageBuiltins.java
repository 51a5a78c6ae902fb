package org.moelab.builtins;

import static org.moelab.builtins.Params.optNone;
import static org.moelab.builtins.Params.req;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Displays;
import org.moelab.runtime.Formatting;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;

/** Language-level functions: print, len, range, conversions, dict views. */
final class LanguageBuiltins {
  private LanguageBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("print", "Prints a value; tensors show shape, dtype, values and a summary.", "none",
            LanguageBuiltins::print, req("value", ParamKind.ANY, "What to print.")),
        SimpleBuiltin.of("len", "Length of a list, dict or string, or the first dimension of a tensor.", "int",
            LanguageBuiltins::len, req("x", ParamKind.ANY, "A list, dict, string or tensor.")),
        SimpleBuiltin.of("range", "The ints start, start+step, ... below stop; range(n) is 0..n-1.", "list",
            LanguageBuiltins::range, req("start", ParamKind.INT, "Start, or the stop when it is the only argument."),
            optNone("stop", "Stop (excluded)."), Params.optInt("step", 1, "Step (non-zero).")),
        SimpleBuiltin.of("str", "The printed form of a value.", "str",
            (ctx, a) -> a.get("x") instanceof UnknownValue ? new UnknownValue(UnknownValue.Kind.STR)
                : Value.of(Displays.plain(a.get("x"), ctx)),
            req("x", ParamKind.ANY, "Any value.")),
        SimpleBuiltin.of("int", "Converts a number (truncating), a bool or a one-element tensor to an int.", "int",
            (ctx, a) -> number(ctx, a, true), req("x", ParamKind.ANY, "A number, bool or one-element tensor.")),
        SimpleBuiltin.of("float", "Converts a number, a bool or a one-element tensor to a float.", "float",
            (ctx, a) -> number(ctx, a, false), req("x", ParamKind.ANY, "A number, bool or one-element tensor.")),
        SimpleBuiltin.of("keys", "The keys of a dict, in order.", "list",
            (ctx, a) -> a.get("d") instanceof Value.DictValue d
                ? new Value.ListValue(d.entries().keySet().stream().map(k -> (Value) Value.of(k)).toList())
                : new UnknownValue(UnknownValue.Kind.LIST),
            req("d", ParamKind.DICT, "A dict.")),
        SimpleBuiltin.of("values", "The values of a dict, in key order.", "list",
            (ctx, a) -> a.get("d") instanceof Value.DictValue d ? new Value.ListValue(new ArrayList<>(d.entries().values()))
                : new UnknownValue(UnknownValue.Kind.LIST),
            req("d", ParamKind.DICT, "A dict.")));
  }

  private static Value print(CallContext ctx, BoundArgs a) {
    if (!ctx.isChecking()) {
      ctx.print(Displays.plain(a.get("value"), ctx) + "\n");
    }
    return Value.NoneValue.NONE;
  }

  private static Value len(CallContext ctx, BoundArgs a) {
    Value x = a.get("x");
    if (x instanceof Value.ListValue l) {
      return Value.of((long) l.elements().size());
    } else if (x instanceof Value.DictValue d) {
      return Value.of((long) d.entries().size());
    } else if (x instanceof Value.StrValue s) {
      return Value.of((long) s.value().length());
    } else if (x instanceof TensorValue t) {
      if (t.shape().hasRank() && t.shape().rank() > 0 && t.shape().dim(0) instanceof org.moelab.types.Dim.Fixed f) {
        return Value.of(f.size());
      }
      return new UnknownValue(UnknownValue.Kind.INT);
    } else if (x instanceof UnknownValue) {
      return new UnknownValue(UnknownValue.Kind.INT);
    }
    throw ctx.error("E0104", "len() takes a list, dict, string or tensor, got " + x.typeName() + ".", a.span("x"));
  }

  private static Value range(CallContext ctx, BoundArgs a) {
    if (a.isUnknown("start") || a.isUnknown("stop") || a.isUnknown("step")) {
      return new UnknownValue(UnknownValue.Kind.LIST);
    }
    long start = a.isNone("stop") ? 0 : a.integer("start");
    long stop = a.isNone("stop") ? a.integer("start") : a.integer("stop");
    long step = a.integer("step");
    if (step == 0) {
      throw ctx.error("E0111", "range() step must not be zero.", a.span("step"));
    }
    List<Value> out = new ArrayList<>();
    for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
      if ((out.size() & 0xffff) == 0) {
        ctx.checkCancelled();
      }
      if (out.size() >= 10_000_000) {
        throw ctx.error("E0111", "range() is limited to 10,000,000 elements.", a.callSpan());
      }
      out.add(Value.of(i));
    }
    return new Value.ListValue(out);
  }

  private static Value number(CallContext ctx, BoundArgs a, boolean integer) {
    Value x = a.get("x");
    double d = Double.NaN;
    if (x instanceof Value.IntValue i) {
      d = i.value();
    } else if (x instanceof Value.FloatValue f) {
      d = f.value();
    } else if (x instanceof Value.BoolValue b) {
      d = b.value() ? 1 : 0;
    } else if (x instanceof Value.StrValue s) {
      d = parse(ctx, a, s.value());
    } else if (x instanceof TensorValue t && !t.isAbstract()) {
      if (t.shape().toShape().size() != 1) {
        throw ctx.error("E0201", "Only a one-element tensor converts to a number; this one has shape " + t.shape() + ".", a.span("x"));
      }
      d = ctx.host(t).getDouble(0);
    }
    if (Double.isNaN(d) && (x instanceof TensorValue t && t.isAbstract() || x instanceof UnknownValue)) {
      return new UnknownValue(integer ? UnknownValue.Kind.INT : UnknownValue.Kind.FLOAT);
    }
    return integer ? Value.of((long) d) : Value.of(d);
  }

  private static double parse(CallContext ctx, BoundArgs a, String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw ctx.error("E0111", "Not a number: " + Formatting.quote(s) + ".", a.span("x"));
    }
  }
}
