package org.moelab.stdlib;

import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/** Router constructors. */
final class RouterBuiltins {
  private RouterBuiltins() {}

  static List<Builtin> all() {
    return List.of(SimpleBuiltin.of("topk",
        "Mixtral top-k routing: softmax of the gate logits (f32), top-k (ties to the lower index), "
            + "renormalised to sum to one when renorm. The gate is a linear layer or an [E, d] weight.",
        "router", RouterBuiltins::topk,
        Param.required("gate", ParamKind.ANY, "linear(d, E) or a gate weight tensor [E, d]."),
        Param.optional("k", ParamKind.INT, Value.of(2L), "Experts per token."),
        Param.optional("renorm", ParamKind.BOOL, Value.of(true), "Renormalise the selected weights.")));
  }

  private static Value topk(CallContext ctx, BoundArgs a) {
    LinearLayer gate = StdArgs.gate(ctx, a, "gate");
    long k = a.integer("k", 1);
    if (k < 1) {
      throw ctx.error("E0111", "k must be at least 1, got " + k + ".", a.span("k"));
    }
    if (gate.dOut() instanceof Dim.Fixed e && k > e.size()) {
      throw ctx.error("E0111", "k = " + k + " is larger than the number of experts (" + e.size() + ").",
          a.span("k"), "Choose k between 1 and " + e.size() + ".");
    }
    return new TopKRouter(gate, k, a.bool("renorm", true));
  }
}
