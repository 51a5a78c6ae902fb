package org.moelab.builtins;

import static org.moelab.builtins.Params.optFloat;
import static org.moelab.builtins.Params.tensor;

import java.util.List;
import java.util.Locale;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;
import org.moelab.types.Dim;

/** {@code assert_close}: compares tensors within tolerances, for scripts that check themselves. */
final class TestingBuiltins {
  private TestingBuiltins() {}

  static List<Builtin> all() {
    return List.of(SimpleBuiltin.of("check_finite",
        "Returns x unchanged, or stops with a runtime error naming the first NaN or infinite element.", "tensor",
        TestingBuiltins::checkFinite, tensor("x", "The tensor to check.")),
        SimpleBuiltin.of("assert_close",
        "Fails unless |actual − expected| ≤ atol + rtol·|expected| everywhere (shapes must match); "
            + "returns the largest absolute difference.", "float", TestingBuiltins::assertClose,
        tensor("actual", "The computed tensor."), tensor("expected", "The reference tensor."),
        optFloat("rtol", 1e-5, "Relative tolerance."), optFloat("atol", 1e-6, "Absolute tolerance.")));
  }

  private static Value checkFinite(CallContext ctx, BoundArgs a) {
    TensorValue x = a.tensor("x");
    if (ctx.isChecking() || !x.dtype().isFloating()) {
      return x;
    }
    HostTensor h = ctx.host(x);
    for (long i = 0; i < h.shape().size(); i++) {
      double v = h.getDouble(i);
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw ctx.error("E0302", "Found " + (Double.isNaN(v) ? "NaN" : v > 0 ? "+inf" : "-inf")
            + " at flat index " + i + " of a tensor of shape " + x.shape() + ".", a.span("x"),
            "Look for a division by zero, a log of zero or an overflowing exp upstream.");
      }
    }
    return x;
  }

  private static Value assertClose(CallContext ctx, BoundArgs a) {
    TensorValue actual = a.tensor("actual");
    TensorValue expected = a.tensor("expected");
    if (actual.shape().hasRank() && expected.shape().hasRank()) {
      boolean same = actual.shape().rank() == expected.shape().rank();
      for (int i = 0; same && i < actual.shape().rank(); i++) {
        same = Dim.unify(actual.shape().dim(i), expected.shape().dim(i)) != null;
      }
      if (!same) {
        throw ctx.error("E0201", "assert_close: shapes differ, " + actual.shape() + " vs " + expected.shape() + ".",
            a.callSpan());
      }
    }
    if (ctx.isChecking()) {
      return new org.moelab.runtime.UnknownValue(org.moelab.runtime.UnknownValue.Kind.FLOAT);
    }
    HostTensor x = ctx.host(actual);
    HostTensor y = ctx.host(expected);
    double rtol = a.real("rtol");
    double atol = a.real("atol");
    double worst = 0;
    long worstAt = -1;
    for (long i = 0; i < x.shape().size(); i++) {
      double diff = Math.abs(x.getDouble(i) - y.getDouble(i));
      boolean nan = Double.isNaN(x.getDouble(i)) != Double.isNaN(y.getDouble(i));
      if (nan || diff > atol + rtol * Math.abs(y.getDouble(i))) {
        throw ctx.error("E0304", String.format(Locale.ROOT,
            "assert_close failed at flat index %d: actual %.8g, expected %.8g (|diff| %.3g > atol %.1g + rtol %.1g·|expected|).",
            i, x.getDouble(i), y.getDouble(i), diff, atol, rtol), a.callSpan());
      }
      if (diff > worst) {
        worst = diff;
        worstAt = i;
      }
    }
    return Value.of(worstAt < 0 ? 0.0 : worst);
  }
}
