package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;
import static org.moelab.runtime.Param.required;

import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.Value;

/**
 * Router built-ins still written in Java (GW-MoE {@code gw_topk}) and the argument helpers shared
 * with {@code compose_router}. Mixtral {@code topk}, {@code switch}, {@code expert_choice},
 * {@code top_p} and DeepSeek v3 {@code grouped_topk} are {@code .moe} definitions over
 * {@code compose_router} in the {@code routers.moe} prelude.
 */
final class RouterBuiltins {
  private RouterBuiltins() {}

  private static final Value NONE = Value.NoneValue.NONE;

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("gw_topk", "GW-MoE routing: tokens whose routing entropy −Σ p log(p + 1e-5) is at least "
            + "threshold go to every expert with weights p; the others use Mixtral top-k.",
            "router", RouterBuiltins::gwTopk, gate(),
            optional("k", ParamKind.INT, Value.of(2L), "Experts per confident token."),
            optional("threshold", ParamKind.FLOAT, Value.of(1.0), "Entropy at which a token is broadcast."),
            optional("renorm", ParamKind.BOOL, Value.of(true), "Renormalise the top-k weights.")),
        RouterComposer.builtin());
  }

  static Param gate() {
    return required("gate", ParamKind.ANY, "linear(d, E), a gate weight [E, d], or a function from tokens to logits.");
  }

  static Param overflow() {
    return optional("overflow", ParamKind.STR, Value.of("order"), "Who keeps capacity: \"order\" (sequence), \"score\" "
        + "(highest first-choice weight first) or \"random\" (seeded random token selection).");
  }

  static Param jitter() {
    return optional("jitter", ParamKind.FLOAT, Value.of(0.0), "Router jitter ε: in training the router sees x·U(1−ε, 1+ε).");
  }

  static Param training() {
    return optional("training", ParamKind.BOOL, Value.of(false), "Training mode (jitter applies only then).");
  }

  static Param seed() {
    return optional("seed", ParamKind.OPTIONAL, NONE, "Jitter seed; none draws the session's next.");
  }

  /** The score with router jitter when {@code jitter} > 0 (applied in training mode only). */
  static Score jittered(CallContext ctx, BoundArgs a, Score score) {
    double eps = StdArgs.real(ctx, a, "jitter", 0, true, 1, "Choose a jitter in [0, 1], such as 0.01.");
    if (eps == 0 || Double.isNaN(eps)) {
      return score;
    }
    return new JitteredScore(score, eps, a.bool("training", false), StdArgs.seed(ctx, a));
  }

  private static Value gwTopk(CallContext ctx, BoundArgs a) {
    Score score = StdArgs.score(ctx, a, "gate");
    long experts = StdArgs.columns(ctx, a, score, "gate");
    long k = checkK(ctx, a, "k", experts);
    double tau = StdArgs.real(ctx, a, "threshold", 0, true, Double.POSITIVE_INFINITY, "Use a non-negative entropy.");
    Normalization norm = a.bool("renorm", true) ? Normalization.RENORM : Normalization.NONE;
    return new ComposedRouter("gw_topk", score, Activation.SOFTMAX, 1.0, null, new Selection.EntropyBroadcast(k, tau),
        norm, null, experts);
  }

  /** The k argument, between 1 and {@code max} (when known). */
  static long checkK(CallContext ctx, BoundArgs a, String name, long max) {
    long k = a.integer(name, 1);
    if (k < 1) {
      throw ctx.error("E0111", name + " must be at least 1, got " + k + ".", a.span(name));
    }
    if (max >= 0 && k > max) {
      throw ctx.error("E0111", name + " = " + k + " is larger than the number of experts it can choose from (" + max
          + ").", a.span(name), "Choose " + name + " between 1 and " + max + ".");
    }
    return k;
  }

  static boolean droppedPolicy(CallContext ctx, BoundArgs a) {
    String d = a.string("dropped");
    if (d == null || d.equals("zero")) {
      return false;
    }
    if (d.equals("pass")) {
      return true;
    }
    throw ctx.error("E0111", "dropped must be \"zero\" or \"pass\", got \"" + d + "\".", a.span("dropped"),
        "\"zero\" drops the token's MoE output (the paper); \"pass\" gives p_max·x as HF transformers does.");
  }

  static Capacity.Overflow overflowPolicy(CallContext ctx, BoundArgs a) {
    if (a.isNone("overflow")) {
      return Capacity.Overflow.ORDER;
    }
    String o = a.string("overflow") == null ? "order" : a.string("overflow");
    switch (o) {
      case "order":
        return Capacity.Overflow.ORDER;
      case "score":
        return Capacity.Overflow.SCORE;
      case "random":
        return Capacity.Overflow.RANDOM;
      default:
        throw ctx.error("E0111", "Unknown overflow policy \"" + o + "\".", a.span("overflow"),
            "Use \"order\" (sequence order), \"score\" (batch prioritized) or \"random\" (random token selection).");
    }
  }
}
