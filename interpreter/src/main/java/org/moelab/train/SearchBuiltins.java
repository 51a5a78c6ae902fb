package org.moelab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.Progress;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;

/**
 * {@code gradient_free(f, x, ...)}: a seeded, bounded, gradient-free minimiser of a function of a
 * list of numbers (LoraHub's search over adapter weights, or any objective that is not
 * differentiable in the language).
 */
final class SearchBuiltins {
  private SearchBuiltins() {}

  static List<Builtin> all() {
    return List.of(SimpleBuiltin.of("gradient_free", "Minimises f(list of numbers) → number or scalar tensor without "
            + "gradients, in a box, with a seeded evolution strategy (CMA-ES with a diagonal covariance); returns a "
            + "struct with .x (the best list), .value and .values (every evaluation, in order).", "struct",
        SearchBuiltins::run,
        Param.required("f", ParamKind.CALLABLE, "The objective; called with a list of floats."),
        Param.required("x", ParamKind.LIST, "The start, a list of numbers (LoraHub starts at zeros)."),
        Param.optional("lower", ParamKind.FLOAT, Value.of(-1.5), "Lower bound of every variable."),
        Param.optional("upper", ParamKind.FLOAT, Value.of(1.5), "Upper bound of every variable."),
        Param.optional("budget", ParamKind.INT, Value.of(100L), "Number of evaluations of f, the start included."),
        Param.optional("sigma", ParamKind.FLOAT, Value.of(0.5), "Initial step size."),
        Param.optional("seed", ParamKind.INT, Value.of(0L), "Sampling seed.")));
  }

  private static Value run(CallContext ctx, BoundArgs a) {
    Callable f = a.callable("f");
    if (ctx.isChecking() || a.isUnknown("x")) {
      ctx.call(f, a.span("f"), a.get("x"));
      Value any = new UnknownValue(UnknownValue.Kind.ANY);
      return TrainValues.struct("search", "x", a.get("x"), "value", any, "values", any);
    }
    double[] start = numbers(ctx, a);
    double lower = a.real("lower");
    double upper = a.real("upper");
    if (!(lower < upper)) {
      throw ctx.error("E0111", "lower (" + lower + ") must be below upper (" + upper + ").", a.span("lower"));
    }
    long budget = a.integer("budget");
    double sigma = a.real("sigma");
    if (budget < 1 || !(sigma > 0)) {
      throw ctx.error("E0111", "budget must be at least 1 and sigma positive, got " + budget + " and " + sigma + ".",
          a.callSpan());
    }
    Progress bar = Progress.start(ctx, "gradient_free", budget);
    GradientFree.Result r = new GradientFree(start.length, lower, upper, a.integer("seed"))
        .minimize(x -> evaluate(ctx, a, f, x), start, sigma, (int) budget,
            (count, best) -> bar.update(count, String.format(Locale.ROOT, "best %.4f", best)));
    bar.finish(String.format(Locale.ROOT, "best %.4f", r.value()));
    List<Value> values = new ArrayList<>();
    r.values().forEach(v -> values.add(Value.of(v)));
    return TrainValues.struct("search", "x", list(r.x()), "value", r.value(), "values", new Value.ListValue(values));
  }

  private static double[] numbers(CallContext ctx, BoundArgs a) {
    List<Value> xs = a.list("x");
    if (xs.isEmpty()) {
      throw ctx.error("E0111", "x must not be empty.", a.span("x"));
    }
    double[] out = new double[xs.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(xs.get(i) instanceof Value.FloatValue || xs.get(i) instanceof Value.IntValue)) {
        throw ctx.error("E0104", "x must be a list of numbers; element " + i + " is a " + xs.get(i).typeName() + ".",
            a.span("x"), "Start from zeros, for example [0.0, 0.0, 0.0].");
      }
      out[i] = TrainValues.number(xs.get(i));
    }
    return out;
  }

  private static double evaluate(CallContext ctx, BoundArgs a, Callable f, double[] x) {
    ctx.checkCancelled();
    Value v = ctx.call(f, a.span("f"), list(x));
    if (v instanceof TensorValue t && t.node().shape().size() == 1 && t.dtype().isFloating()) {
      return ctx.host(t).toDoubleArray()[0];
    }
    if (v instanceof Value.FloatValue || v instanceof Value.IntValue) {
      return TrainValues.number(v);
    }
    throw ctx.error("E0201", "gradient_free needs f to return a number or a floating scalar, got " + v.typeName() + ".",
        a.span("f"));
  }

  private static Value.ListValue list(double[] x) {
    List<Value> out = new ArrayList<>();
    for (double v : x) {
      out.add(Value.of(v));
    }
    return new Value.ListValue(out);
  }
}
