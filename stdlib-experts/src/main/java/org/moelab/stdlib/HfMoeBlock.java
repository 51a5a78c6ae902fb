package org.moelab.stdlib;

import java.util.List;
import java.util.Map;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;

/** {@code hf_moe_block}: one HF MoE block from its checkpoint names, with each architecture's defaults. */
final class HfMoeBlock {
  private HfMoeBlock() {}

  static Value build(CallContext ctx, BoundArgs a) {
    Map<String, Value> w = HfBuiltins.dict(ctx, a);
    String arch = a.string("arch") == null ? "mixtral" : a.string("arch");
    String p = a.string("prefix") == null ? "" : a.string("prefix");
    if (w == null) {
      return UnknownValue.ANY;
    }
    return switch (arch) {
      case "mixtral" -> mixtral(ctx, a, w, p);
      case "switch" -> switchBlock(ctx, a, w, p);
      case "deepseek" -> deepseek(ctx, a, w, p, false);
      case "deepseek_v3" -> deepseek(ctx, a, w, p, true);
      default -> throw ctx.error("E0111", "Unknown architecture \"" + arch + "\".", a.span("arch"),
          "Use mixtral, switch, deepseek or deepseek_v3.");
    };
  }

  private static Value mixtral(CallContext ctx, BoundArgs a, Map<String, Value> w, String p) {
    List<Callable> experts = HfBuiltins.read(ctx, a, w, p + "experts", "swiglu");
    Score score = gate(ctx, a, w, p + "gate.weight");
    long k = k(ctx, a, 2, experts.size());
    Normalization norm = bool(a, "renorm", true) ? Normalization.RENORM : Normalization.NONE;
    Router r = new ComposedRouter("topk", score, Activation.SOFTMAX, 1.0, null, new Selection.TopK(k), norm, null,
        experts.size());
    return layer(ctx, experts, r, List.of());
  }

  private static Value switchBlock(CallContext ctx, BoundArgs a, Map<String, Value> w, String p) {
    List<Callable> experts = HfBuiltins.read(ctx, a, w, p + "experts", "mlp");
    Score score = gate(ctx, a, w, p + "router.classifier.weight");
    double cf = a.isNone("capacity_factor") ? 1.25 : positive(ctx, a, "capacity_factor");
    long fixed = a.isNone("expert_capacity") ? 0 : (long) positive(ctx, a, "expert_capacity");
    boolean pass = !a.isNone("dropped") && RouterBuiltins.droppedPolicy(ctx, a);
    Router r = new ComposedRouter("switch", score, Activation.SOFTMAX, 1.0, null, new Selection.TopK(1),
        Normalization.NONE, new Capacity(cf, 1, fixed, pass), experts.size());
    return layer(ctx, experts, r, List.of());
  }

  private static Value deepseek(CallContext ctx, BoundArgs a, Map<String, Value> w, String p, boolean v3) {
    List<Callable> experts = HfBuiltins.read(ctx, a, w, p + "experts", "swiglu");
    long e = experts.size();
    Score score = gate(ctx, a, w, p + "gate.weight");
    List<Callable> shared = HfBuiltins.has(w, p + "shared_experts.gate_proj.weight")
        ? List.of(HfBuiltins.swigluProj(w, p + "shared_experts.")) : List.of();
    if (!v3) {
      long k = k(ctx, a, 6, e);
      Normalization norm = bool(a, "renorm", false) ? Normalization.RENORM : Normalization.NONE;
      return layer(ctx, experts, new ComposedRouter("topk", score, Activation.SOFTMAX, 1.0, null,
          new Selection.TopK(k), norm, null, e), shared);
    }
    long groups = a.isNone("n_groups") ? 8 : a.integer("n_groups", 8);
    long kept = a.isNone("topk_groups") ? 4 : a.integer("topk_groups", 4);
    if (groups < 1 || e % groups != 0 || kept < 1 || kept > groups) {
      throw ctx.error("E0111", "n_groups = " + groups + " and topk_groups = " + kept + " do not fit " + e + " experts.",
          a.span(a.isNone("n_groups") ? "topk_groups" : "n_groups"),
          "n_groups must divide the experts and 1 ≤ topk_groups ≤ n_groups; pass them for a small checkpoint.");
    }
    long k = k(ctx, a, 8, e / groups * kept);
    double scale = a.isNone("routed_scaling_factor") ? 2.5 : positive(ctx, a, "routed_scaling_factor");
    Normalization norm = new Normalization(bool(a, "renorm", true) ? Normalization.Kind.RENORM : Normalization.Kind.NONE,
        1e-20, scale);
    TensorValue bias = HfBuiltins.has(w, p + "gate.e_score_correction_bias")
        ? HfBuiltins.get(w, p + "gate.e_score_correction_bias") : null;
    return layer(ctx, experts, new ComposedRouter("grouped_topk", score, Activation.SIGMOID, 1.0, bias,
        new Selection.GroupLimited(groups, kept, k), norm, null, e), shared);
  }

  private static MoeLayer layer(CallContext ctx, List<Callable> experts, Router r, List<Callable> shared) {
    return new MoeLayer(experts, r, shared, ExpertBank.forExperts(ctx, experts));
  }

  private static Score gate(CallContext ctx, BoundArgs a, Map<String, Value> w, String name) {
    if (!HfBuiltins.has(w, name)) {
      throw ctx.error("E0111", "The checkpoint has no router weight " + name + ".", a.span("weights"),
          "Check arch and prefix.");
    }
    return new Score.Linear(new LinearLayer(HfBuiltins.get(w, name), null));
  }

  private static long k(CallContext ctx, BoundArgs a, long dflt, long max) {
    if (a.isNone("k")) {
      if (dflt > max) {
        throw ctx.error("E0111", "The default k = " + dflt + " is larger than the " + max + " experts available.",
            a.callSpan(), "Pass k = ... for this checkpoint.");
      }
      return dflt;
    }
    return RouterBuiltins.checkK(ctx, a, "k", max);
  }

  private static boolean bool(BoundArgs a, String name, boolean dflt) {
    return a.isNone(name) ? dflt : a.bool(name, dflt);
  }

  private static double positive(CallContext ctx, BoundArgs a, String name) {
    return StdArgs.real(ctx, a, name, 0, false, Double.POSITIVE_INFINITY, "Use a positive value.");
  }
}
