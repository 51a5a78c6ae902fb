package org.moelab.stdlib;

import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Callable;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/** The {@code moe} layer constructor, which checks experts against the router. */
final class MoeBuiltins {
  private MoeBuiltins() {}

  static List<Builtin> all() {
    return List.of(SimpleBuiltin.of("moe",
        "A mixture-of-experts layer callable on [T, d] or [B, S, d]: y = Σ shared(x) + Σ_j w_j E_j(x) over each "
            + "token's routed experts. Equal SwiGLU experts use sparse grouped-GEMM dispatch (cost ∝ tokens·k).",
        "layer", MoeBuiltins::moe,
        Param.required("experts", ParamKind.LIST, "The routed experts."),
        Param.required("router", ParamKind.ANY, "A router over them, such as topk(linear(d, E), k = 2)."),
        Param.optional("shared", ParamKind.LIST, new Value.ListValue(List.of()), "Experts applied to every token.")));
  }

  private static Value moe(CallContext ctx, BoundArgs a) {
    List<Callable> experts = StdArgs.experts(ctx, a, "experts");
    Value r = a.get("router");
    if (r instanceof UnknownValue || experts == null) {
      return UnknownValue.ANY;
    }
    if (!(r instanceof Router router)) {
      throw ctx.error("E0104", "router must be a router, got " + r.typeName() + ".", a.span("router"),
          "Build one with topk(linear(d, E), k = 2).");
    }
    if (experts.isEmpty()) {
      throw ctx.error("E0111", "moe needs at least one expert.", a.span("experts"));
    }
    if (router.experts() instanceof Dim.Fixed e && e.size() != experts.size()) {
      throw ctx.error("E0201", "The router scores " + e.size() + " experts but " + experts.size() + " are given.",
          a.span("experts"), "Give the router's gate " + experts.size() + " rows (linear(d, " + experts.size() + ")).");
    }
    checkWidths(ctx, a, experts, router);
    List<Callable> shared = StdArgs.experts(ctx, a, "shared");
    return new MoeLayer(experts, router, shared == null ? List.of() : shared, ExpertBank.forExperts(ctx, experts));
  }

  private static void checkWidths(CallContext ctx, BoundArgs a, List<Callable> experts, Router router) {
    Dim first = null;
    for (int i = 0; i < experts.size(); i++) {
      Dim d = width(experts.get(i));
      if (d == null) {
        continue;
      }
      if (Dim.unify(d, router.width()) == null) {
        throw ctx.error("E0201", "Expert " + i + " has width d = " + d + " but the router's gate expects "
            + router.width() + ".", a.span("experts"), "Give the gate d = " + d + " columns.");
      }
      if (first != null && Dim.unify(d, first) == null) {
        throw ctx.error("E0201", "Expert " + i + " has width d = " + d + " but expert 0 has d = " + first + ".",
            a.span("experts"), "Every expert must map [T, d] to [T, d] with the same d.");
      }
      first = first == null ? d : first;
    }
  }

  private static Dim width(Callable expert) {
    if (expert instanceof SwigluExpert s) {
      return s.d();
    }
    return expert instanceof MlpExpert m ? m.d() : null;
  }
}
