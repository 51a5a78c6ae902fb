package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;
import static org.moelab.runtime.Param.required;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/**
 * Token routers beyond learned linear gates: DynMoE {@code top_any}, {@code hash_router},
 * SMoE-Dropout's frozen {@code random_router} with its {@code k_schedule}, and autonomy-of-experts
 * {@code autonomy_router}.
 */
final class DynamicRouterBuiltins {
  private DynamicRouterBuiltins() {}

  private static final Value NONE = Value.NoneValue.NONE;

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("top_any", "DynMoE top-any routing: s = sigmoid(cos(x, W_e)·e^tau), expert e is used when "
            + "s_e > sigmoid(G_e·e^tau); weights 1/K over the K used experts; a token that clears no threshold "
            + "uses its argmax expert.", "router", DynamicRouterBuiltins::topAny,
            required("keys", ParamKind.TENSOR, "Expert keys W [E, d]."),
            required("thresholds", ParamKind.TENSOR, "Trainable threshold logits G [E] (DynMoE initialises them to 0)."),
            optional("tau", ParamKind.FLOAT, Value.of(Math.log(2.0)), "Log temperature (ln 2: DynMoE's init_t = 0.5).")),
        SimpleBuiltin.of("hash_router", "Hash routing (Hash Layers): expert = hash(token id) mod E, weight 1. Call the "
            + "layer as layer(x, token_ids = ids). hash = \"splitmix64\" (SplitMix64 finaliser) or \"identity\".",
            "router", DynamicRouterBuiltins::hashRouter,
            required("num_experts", ParamKind.INT, "E."),
            optional("hash", ParamKind.STR, Value.of("splitmix64"), "\"splitmix64\" or \"identity\".")),
        SimpleBuiltin.of("random_router", "SMoE-Dropout's router: a random linear gate (torch.nn.Linear init) that is "
            + "frozen (not a parameter), softmax, top-k, renormalised when renorm.", "router",
            DynamicRouterBuiltins::randomRouter, required("d", ParamKind.INT, "Model width."),
            required("num_experts", ParamKind.INT, "E."), optional("k", ParamKind.INT, Value.of(2L), "Experts per token."),
            optional("renorm", ParamKind.BOOL, Value.of(true), "Renormalise the selected weights."),
            optional("seed", ParamKind.OPTIONAL, NONE, "Gate seed; none draws the session's next.")),
        SimpleBuiltin.of("k_schedule", "SMoE-Dropout's k schedule: k grows linearly from k_start at step 0 to k_end at "
            + "total_steps, k = k_start + floor((k_end − k_start) · min(step, total_steps) / total_steps).", "int",
            DynamicRouterBuiltins::kSchedule, required("step", ParamKind.INT, "The training step."),
            required("total_steps", ParamKind.INT, "Steps over which k grows."),
            required("k_end", ParamKind.INT, "k at the end (the paper: E)."),
            optional("k_start", ParamKind.INT, Value.of(2L), "k at step 0.")),
        SimpleBuiltin.of("autonomy_router", "Autonomy-of-experts: no router weight; each expert's score is the norm "
            + "‖W_e x‖ of its own first activation (a SwiGLU expert's w1, or given [r, d] factors); softmax over "
            + "experts, top-k, renormalised when renorm.", "router", DynamicRouterBuiltins::autonomy,
            required("experts", ParamKind.LIST, "SwiGLU experts, or one [r, d] down projection per expert."),
            optional("k", ParamKind.INT, Value.of(2L), "Experts per token."),
            optional("renorm", ParamKind.BOOL, Value.of(false), "Renormalise the selected weights.")));
  }

  private static Value topAny(CallContext ctx, BoundArgs a) {
    TensorValue keys = a.tensor("keys");
    if (keys.shape().hasRank() && keys.shape().rank() != 2) {
      throw ctx.error("E0201", "keys must have shape [E, d], got " + keys.shape() + ".", a.span("keys"));
    }
    long e = Shapes.size(keys.shape().hasRank() ? keys.shape().dim(0) : Dim.any());
    TensorValue g = a.tensor("thresholds");
    if (g.shape().hasRank() && (g.shape().rank() != 1 || e >= 0 && Dim.unify(g.shape().dim(0), Dim.of(e)) == null)) {
      throw ctx.error("E0201", "thresholds must have shape [" + (e < 0 ? "E" : e) + "], one per expert, got "
          + g.shape() + ".", a.span("thresholds"), "Give one threshold logit per row of keys (zeros([E]) to start).");
    }
    double tau = a.real("tau");
    var ops = ctx.ops();
    TensorValue bars = ops.unary(Op.SIGMOID, ops.binaryScalar(Op.MUL, ops.cast(g, org.moelab.tensor.DType.F32),
        Math.exp(tau), true, false));
    return new ComposedRouter("top_any", new CosineScore(keys, tau), Activation.SIGMOID, 1.0, null,
        new Selection.Threshold(bars), new Normalization(Normalization.Kind.UNIFORM, 0, 1), null, e);
  }

  private static Value hashRouter(CallContext ctx, BoundArgs a) {
    long e = StdArgs.atLeast(ctx, a, "num_experts", 1, "Use at least one expert.");
    String hash = a.string("hash") == null ? "splitmix64" : a.string("hash");
    if (!hash.equals("splitmix64") && !hash.equals("identity")) {
      throw ctx.error("E0111", "Unknown hash \"" + hash + "\".", a.span("hash"), "Use \"splitmix64\" or \"identity\".");
    }
    return new HashRouter(e, hash);
  }

  private static Value randomRouter(CallContext ctx, BoundArgs a) {
    Dim d = StdArgs.dim(ctx, a, "d");
    long e = StdArgs.atLeast(ctx, a, "num_experts", 1, "Use at least one expert.");
    long k = RouterBuiltins.checkK(ctx, a, "k", e);
    LinearLayer gate = new LinearLayer(Init.uniform(ctx, Dim.of(e), d, StdArgs.seed(ctx, a)), null);
    ctx.materialize(gate.weight());
    Normalization norm = a.bool("renorm", true) ? Normalization.RENORM : Normalization.NONE;
    return new ComposedRouter("random_router", new FrozenScore(new Score.Linear(gate)), Activation.SOFTMAX, 1.0, null,
        new Selection.TopK(k), norm, null, e);
  }

  private static Value kSchedule(CallContext ctx, BoundArgs a) {
    long total = StdArgs.atLeast(ctx, a, "total_steps", 1, "Use a positive number of steps.");
    long step = StdArgs.atLeast(ctx, a, "step", 0, "Steps count from 0.");
    long start = StdArgs.atLeast(ctx, a, "k_start", 1, "k starts at 1 or more.");
    long end = a.integer("k_end", start);
    if (end < start) {
      throw ctx.error("E0111", "k_end = " + end + " is smaller than k_start = " + start + ".", a.span("k_end"),
          "k grows during training: choose k_end ≥ k_start.");
    }
    return Value.of(start + Math.floorDiv((end - start) * Math.min(step, total), total));
  }

  private static Value autonomy(CallContext ctx, BoundArgs a) {
    if (a.isUnknown("experts")) {
      return UnknownValue.ANY;
    }
    List<TensorValue> factors = new ArrayList<>();
    for (Value v : a.list("experts")) {
      if (v instanceof SwigluExpert s) {
        factors.add(s.w1());
      } else if (v instanceof Callable) {
        throw ctx.error("E0104", "autonomy_router reads each expert's first projection; a " + v.typeName()
            + " has none it can read.", a.span("experts"), "Pass SwiGLU experts or their [r, d] down projections.");
      } else {
        factors.add(ctx.toTensor(v, a.span("experts")));
      }
    }
    if (factors.isEmpty()) {
      throw ctx.error("E0111", "autonomy_router needs at least one expert.", a.span("experts"));
    }
    for (int i = 0; i < factors.size(); i++) {
      TensorValue f = factors.get(i);
      if (f.shape().hasRank() && (f.shape().rank() != 2
          || Dim.unify(f.shape().dim(1), factors.get(0).shape().dim(1)) == null)) {
        throw ctx.error("E0201", "Expert " + i + "'s projection has shape " + f.shape() + "; every expert needs an [r, d] "
            + "projection with the same d.", a.span("experts"));
      }
    }
    long e = factors.size();
    long k = RouterBuiltins.checkK(ctx, a, "k", e);
    Normalization norm = a.bool("renorm", false) ? Normalization.RENORM : Normalization.NONE;
    return new ComposedRouter("autonomy", new NormScore(List.copyOf(factors)), Activation.SOFTMAX, 1.0, null,
        new Selection.TopK(k), norm, null, e);
  }
}
