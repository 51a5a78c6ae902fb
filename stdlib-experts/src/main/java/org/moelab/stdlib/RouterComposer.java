package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;

import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/**
 * {@code compose_router(gate, ...)}: a router from the primitives by keyword — activation, temperature,
 * selection-only bias, selection, normalisation, scale and capacity. The named routers are fixed
 * settings of this.
 */
final class RouterComposer {
  private RouterComposer() {}

  private static final Value NONE = Value.NoneValue.NONE;

  static Builtin builtin() {
    return SimpleBuiltin.of("compose_router", "A router composed from primitives: score (gate) → activation (softmax, "
        + "sigmoid, none; /temperature) → + bias for selection only → select (topk, top_p, grouped, entropy, "
        + "expert_choice) → normalize (none, renorm, softmax, uniform; + eps, × scale) → capacity (capacity_factor).",
        "router", RouterComposer::compose, RouterBuiltins.gate(),
        optional("activation", ParamKind.STR, Value.of("softmax"), "softmax, sigmoid or none."),
        optional("temperature", ParamKind.FLOAT, Value.of(1.0), "Divides the logits first."),
        optional("bias", ParamKind.OPTIONAL, NONE, "Selection-only bias [E], or none."),
        optional("select", ParamKind.STR, Value.of("topk"), "topk, top_p, grouped, entropy or expert_choice."),
        optional("k", ParamKind.INT, Value.of(2L), "Experts per token (topk, grouped, entropy)."),
        optional("threshold", ParamKind.FLOAT, Value.of(0.4), "top_p: cumulative probability; entropy: entropy."),
        optional("n_groups", ParamKind.INT, Value.of(1L), "grouped: expert groups."),
        optional("topk_groups", ParamKind.INT, Value.of(1L), "grouped: groups kept."),
        optional("normalize", ParamKind.STR, Value.of("renorm"), "none, renorm, softmax or uniform."),
        optional("eps", ParamKind.FLOAT, Value.of(0.0), "Added to the sum when renormalising."),
        optional("scale", ParamKind.FLOAT, Value.of(1.0), "Multiplies the weights last."),
        optional("capacity_factor", ParamKind.OPTIONAL, NONE, "Capacity factor; none is dropless."),
        optional("min_capacity", ParamKind.INT, Value.of(1L), "Smallest per-expert capacity."),
        optional("expert_capacity", ParamKind.OPTIONAL, NONE, "A fixed per-expert capacity."),
        optional("dropped", ParamKind.STR, Value.of("zero"), "\"zero\" or \"pass\" (HF: gate·x)."),
        optional("null_experts", ParamKind.INT, Value.of(0L), "Trailing gate rows that are null experts."),
        RouterBuiltins.overflow(), RouterBuiltins.jitter(), RouterBuiltins.training(), RouterBuiltins.seed(),
        optional("name", ParamKind.STR, Value.of("compose_router"), "How the router prints (named routers pass theirs)."));
  }

  private static Value compose(CallContext ctx, BoundArgs a) {
    Score score = RouterBuiltins.jittered(ctx, a, StdArgs.score(ctx, a, "gate"));
    long columns = StdArgs.columns(ctx, a, score, "gate");
    long nulls = StdArgs.atLeast(ctx, a, "null_experts", 0, "Use 0 for no null experts.");
    long experts = columns < 0 ? -1 : columns - nulls;
    if (columns >= 0 && experts < 1) {
      throw ctx.error("E0111", "null_experts = " + nulls + " leaves no real experts among the gate's " + columns
          + " rows.", a.span("null_experts"), "The gate needs E + null_experts rows.");
    }
    Activation activation = named(ctx, a, "activation", Activation.named(String.valueOf(a.string("activation")))
        .orElse(null), "softmax, sigmoid or none", Activation.SOFTMAX);
    double temperature = StdArgs.real(ctx, a, "temperature", 0, false, Double.POSITIVE_INFINITY, "Use a positive temperature.");
    String select = a.string("select") == null ? "topk" : a.string("select");
    Selection selection = selection(ctx, a, select, experts, columns);
    Normalization.Kind kind = named(ctx, a, "normalize",
        Normalization.Kind.named(a.string("normalize") == null ? "renorm" : a.string("normalize")).orElse(null),
        "none, renorm, softmax or uniform", Normalization.Kind.RENORM);
    Normalization norm = new Normalization(kind, a.real("eps"),
        StdArgs.real(ctx, a, "scale", 0, false, Double.POSITIVE_INFINITY, "Use a positive scale."));
    // Expert choice reads capacity_factor / expert_capacity as its own per-expert token budget.
    Capacity capacity = selection instanceof Selection.ExpertChoice
        || a.isNone("capacity_factor") && a.isNone("expert_capacity") ? null : capacityOf(ctx, a);
    String name = a.string("name") == null ? "compose_router" : a.string("name");
    return new ComposedRouter(name, score, activation, temperature, bias(ctx, a, experts), selection, norm,
        capacity, experts);
  }

  private static Capacity capacityOf(CallContext ctx, BoundArgs a) {
    double cf = a.isNone("capacity_factor") ? 1.0
        : StdArgs.real(ctx, a, "capacity_factor", 0, false, Double.POSITIVE_INFINITY,
            "Use a positive capacity factor, such as 1.25 for training or 2.0 for evaluation.");
    long minCap = StdArgs.atLeast(ctx, a, "min_capacity", 1, "Use at least 1.");
    long fixed = a.isNone("expert_capacity") || a.isUnknown("expert_capacity") ? 0
        : StdArgs.atLeast(ctx, a, "expert_capacity", 1, "Give a positive capacity.");
    Capacity.Overflow overflow = RouterBuiltins.overflowPolicy(ctx, a);
    return new Capacity(cf, minCap, fixed, RouterBuiltins.droppedPolicy(ctx, a), overflow,
        overflow == Capacity.Overflow.RANDOM ? StdArgs.seed(ctx, a) : 0);
  }

  private static Selection selection(CallContext ctx, BoundArgs a, String select, long experts, long columns) {
    switch (select) {
      case "topk":
        return new Selection.TopK(RouterBuiltins.checkK(ctx, a, "k", columns));
      case "top_p":
        return new Selection.TopP(StdArgs.real(ctx, a, "threshold", 0, false, 1, "Choose a threshold in (0, 1]."));
      case "entropy":
        return new Selection.EntropyBroadcast(RouterBuiltins.checkK(ctx, a, "k", experts),
            StdArgs.real(ctx, a, "threshold", 0, true, Double.POSITIVE_INFINITY, "Use a non-negative entropy."));
      case "grouped": {
        long groups = StdArgs.atLeast(ctx, a, "n_groups", 1, "Use n_groups = 1 for plain top-k.");
        long kept = StdArgs.atLeast(ctx, a, "topk_groups", 1, "Keep at least one group.");
        if (kept > groups) {
          throw ctx.error("E0111", "topk_groups = " + kept + " is larger than n_groups = " + groups + ".",
              a.span("topk_groups"), "Choose topk_groups between 1 and " + groups + ".");
        }
        if (experts > 0 && experts % groups != 0) {
          throw ctx.error("E0111", "n_groups = " + groups + " does not divide the " + experts + " experts.",
              a.span("n_groups"), "Choose a divisor of " + experts + ".");
        }
        return new Selection.GroupLimited(groups, kept,
            RouterBuiltins.checkK(ctx, a, "k", experts < 0 ? -1 : experts / groups * kept));
      }
      case "expert_choice": {
        double cf = a.isNone("capacity_factor") ? 2.0
            : StdArgs.real(ctx, a, "capacity_factor", 0, false, Double.POSITIVE_INFINITY, "Use a positive factor.");
        long fixed = a.isNone("expert_capacity") || a.isUnknown("expert_capacity") ? 0
            : StdArgs.atLeast(ctx, a, "expert_capacity", 1, "Give a positive capacity.");
        return new Selection.ExpertChoice(cf, fixed);
      }
      default:
        throw ctx.error("E0111", "Unknown selection \"" + select + "\".", a.span("select"),
            "Use topk, top_p, grouped, entropy or expert_choice.");
    }
  }

  private static <T> T named(CallContext ctx, BoundArgs a, String param, T value, String choices, T whenUnknown) {
    if (value == null && a.string(param) != null) {
      throw ctx.error("E0111", "Unknown " + param + " \"" + a.string(param) + "\".", a.span(param), "Use " + choices + ".");
    }
    return value == null ? whenUnknown : value;
  }

  /** The selection-only bias argument: none, or a tensor {@code [E]}. */
  static TensorValue bias(CallContext ctx, BoundArgs a, long experts) {
    if (a.isNone("bias") || a.isUnknown("bias")) {
      return null;
    }
    TensorValue b = a.tensor("bias");
    boolean ok = !b.shape().hasRank() || b.shape().rank() == 1
        && (experts < 0 || Dim.unify(b.shape().dim(0), Dim.of(experts)) != null);
    if (!ok) {
      throw ctx.error("E0201", "The selection bias must have shape [" + (experts < 0 ? "E" : experts) + "], got "
          + b.shape() + ".", a.span("bias"), "Pass the checkpoint's gate.e_score_correction_bias, one value per expert.");
    }
    return b;
  }
}
