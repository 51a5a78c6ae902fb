package org.moelab.stdlib;

import static org.moelab.runtime.Param.required;

import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/** {@code routing(layer, x)}: the routing report of an MoE layer (or a router) on a batch. */
final class AnalysisBuiltins {
  private AnalysisBuiltins() {}

  static List<Builtin> all() {
    return List.of(SimpleBuiltin.of("routing", "The routing report of an MoE layer or router on x: load per expert, "
        + "entropy, dropped fraction, capacity utilisation, weights; a table in the terminal, a heatmap in notebooks.",
        "routing report", AnalysisBuiltins::report,
        required("layer", ParamKind.ANY, "An MoE layer or a router."), required("x", ParamKind.TENSOR, "Tokens.")));
  }

  private static Value report(CallContext ctx, BoundArgs a) {
    Value v = a.get("layer");
    TensorValue x = a.tensor("x");
    Router router;
    if (v instanceof MoeLayer m) {
      router = m.router();
    } else if (v instanceof LoraMixture l) {
      router = l.router();
    } else if (v instanceof MovLayer l) {
      router = l.router();
    } else if (v instanceof Router r) {
      router = r;
    } else if (v instanceof UnknownValue) {
      return UnknownValue.ANY;
    } else {
      throw ctx.error("E0104", "routing() takes an MoE layer or a router, got " + v.typeName() + ".", a.span("layer"));
    }
    TensorValue tokens = Tokens.flatten(ctx, x);
    Dim groups = Tokens.groups(x);
    Routing r = router.route(ctx, tokens, groups);
    return RoutingReport.of(ctx, r, tokens, capacitySlots(router, tokens, groups));
  }

  private static long capacitySlots(Router router, TensorValue tokens, Dim groups) {
    if (!(router instanceof ComposedRouter c) || c.capacity() == null) {
      return 0;
    }
    long t = Shapes.size(tokens.shape().dim(0));
    long g = Shapes.size(groups);
    if (t < 0 || g < 0) {
      return 0;
    }
    return g * c.expertCount() * c.capacity().capacity(t / g, c.expertCount());
  }
}
