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
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** LoRA-expert mixtures beyond MoLoRA: MoV, X-LoRA, SiRA, AdaMoLE, MoLA, rank-1 experts, LoRAMoE's loss. */
final class LoraVariantBuiltins {
  private LoraVariantBuiltins() {}

  private static final Value NONE = Value.NoneValue.NONE;

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("mov", "MoV: (W x) ⊙ Σ_e p_e ℓ_e, IA³ vectors ℓ [E, d_out] mixed by a dense softmax gate "
            + "over the layer input (or any router).", "layer", LoraVariantBuiltins::mov,
            required("base", ParamKind.ANY, "The base linear layer or its weight [d_out, d_in]."),
            required("vectors", ParamKind.TENSOR, "IA³ vectors [E, d_out] (ones at init)."),
            required("gate", ParamKind.ANY, "Gate weight [E, d_in], linear(d_in, E), or a router.")),
        SimpleBuiltin.of("xlora", "X-LoRA: pass 1 with adapters off gives h (the base layer, or `hidden`); scalings "
            + "= softmax(classifier(h)/temperature) (layer `layer_index` of `layers` when layer-wise), optional top_k; "
            + "pass 2: W x + Σ λ_a (α/r) B_a A_a x.", "layer", LoraVariantBuiltins::xlora,
            required("base", ParamKind.ANY, "The base linear layer or its weight."),
            required("adapters", ParamKind.LIST, "LoRA experts."),
            required("classifier", ParamKind.ANY, "linear_from(weight [n·L, d_h], bias) or a weight."),
            optional("hidden", ParamKind.OPTIONAL, NONE, "Pass 1: tokens to hidden state (default: the base layer)."),
            optional("layers", ParamKind.INT, Value.of(1L), "Layers L the classifier scores (layer-wise)."),
            optional("layer_index", ParamKind.INT, Value.of(0L), "This layer's index among the L."),
            optional("temperature", ParamKind.FLOAT, Value.of(1.0), "Softmax temperature."),
            optional("top_k", ParamKind.OPTIONAL, NONE, "Keep the top k scalings (PEFT top_k_lora)."),
            optional("softmax_topk", ParamKind.BOOL, Value.of(false), "Re-softmax the kept scalings per token.")),
        SimpleBuiltin.of("sira", "SiRA: top-k LoRA experts (softmax, renormalised) with per-expert capacity "
            + "(dropped slots give 0) and gate dropout in training.", "layer", LoraVariantBuiltins::sira,
            required("base", ParamKind.ANY, "The base linear layer or its weight."),
            required("adapters", ParamKind.LIST, "LoRA experts."),
            required("gate", ParamKind.ANY, "Gate weight [E, d_in] or linear(d_in, E)."),
            optional("k", ParamKind.INT, Value.of(2L), "Experts per token."),
            optional("capacity_factor", ParamKind.FLOAT, Value.of(1.0), "Capacity factor per expert."),
            optional("gate_dropout", ParamKind.FLOAT, Value.of(0.0), "Dropout on the combine weights."),
            optional("training", ParamKind.BOOL, Value.of(false), "Training mode (dropout applies only then)."),
            optional("seed", ParamKind.OPTIONAL, NONE, "Dropout seed.")),
        SimpleBuiltin.of("adamole", "AdaMoLE: p = softmax(W_g x), threshold τ = sigmoid(w_t x + b_t)·max_threshold; "
            + "experts with p ≥ τ get (p − τ)/Σ(p − τ).", "layer", LoraVariantBuiltins::adamole,
            required("base", ParamKind.ANY, "The base linear layer or its weight."),
            required("adapters", ParamKind.LIST, "LoRA experts."),
            required("gate", ParamKind.ANY, "Gate weight [E, d_in] or linear(d_in, E)."),
            required("threshold", ParamKind.ANY, "Threshold network: linear_from([1, d_in], bias [1])."),
            optional("max_threshold", ParamKind.OPTIONAL, NONE, "Ceiling of τ (default 1/E).")),
        SimpleBuiltin.of("mola", "MoLA: one top-k LoRA mixture per layer with its own expert count (e.g. [2, 4, 6, 8]); "
            + "fresh LoRA experts and gates.", "list", LoraVariantBuiltins::mola,
            required("bases", ParamKind.LIST, "The base layer (or weight) of each layer."),
            required("counts", ParamKind.LIST, "Experts per layer."),
            optional("r", ParamKind.INT, Value.of(8L), "LoRA rank."),
            optional("alpha", ParamKind.FLOAT, Value.of(16.0), "LoRA α."),
            optional("k", ParamKind.INT, Value.of(2L), "Experts per token."),
            optional("seed", ParamKind.OPTIONAL, NONE, "Init seed.")),
        SimpleBuiltin.of("rank1_experts", "A rank-r LoRA expert as r rank-1 experts b_i a_iᵀ with the parent's scaling "
            + "α/r, to route over ranks.", "list", LoraVariantBuiltins::rank1,
            required("lora", ParamKind.ANY, "A LoRA expert.")),
        SimpleBuiltin.of("loramoe_loss", "LoRAMoE's localized balancing loss: Q = 1+δ where an expert's type matches "
            + "the token's, else 1−δ; I_e = Σ_t p_te Q_te; β · var(I)/(mean(I)² + 1e-10) (unbiased var).", "tensor",
            LoraVariantBuiltins::loramoeLoss, required("routing", ParamKind.ANY, "The routing (router(x))."),
            required("expert_types", ParamKind.ANY, "Group (0 or 1) of each expert [E]."),
            required("token_types", ParamKind.ANY, "Type (0 or 1) of each token [T]."),
            optional("delta", ParamKind.FLOAT, Value.of(0.1), "δ."),
            optional("beta", ParamKind.FLOAT, Value.of(1.0), "β, the loss coefficient.")));
  }

  private static LinearLayer linear(CallContext ctx, BoundArgs a, String name) {
    return a.get(name) instanceof LinearLayer l ? l : StdArgs.gate(ctx, a, name);
  }

  private static Value mov(CallContext ctx, BoundArgs a) {
    LinearLayer base = linear(ctx, a, "base");
    TensorValue vectors = a.tensor("vectors");
    if (vectors.shape().hasRank() && (vectors.shape().rank() != 2
        || Dim.unify(vectors.shape().dim(1), base.dOut()) == null)) {
      throw ctx.error("E0201", "vectors must have shape [E, " + base.dOut() + "], got " + vectors.shape() + ".",
          a.span("vectors"), "Give one IA³ vector of the layer's output width per expert.");
    }
    long e = Shapes.size(vectors.shape().hasRank() ? vectors.shape().dim(0) : Dim.any());
    Router router = a.get("gate") instanceof Router r ? r : denseSoftmax(linear(ctx, a, "gate"), e);
    if (e >= 0 && router.experts() instanceof Dim.Fixed n && n.size() != e) {
      throw ctx.error("E0201", "The gate scores " + n.size() + " experts but " + e + " vectors are given.", a.span("gate"));
    }
    return new MovLayer(base, vectors, router);
  }

  private static Router denseSoftmax(LinearLayer gate, long e) {
    return new ComposedRouter("dense", new Score.Linear(gate), Activation.SOFTMAX, 1.0, null,
        new Selection.TopK(Math.max(e, 1)), Normalization.NONE, null, e);
  }

  private static Value xlora(CallContext ctx, BoundArgs a) {
    List<LoraExpert> adapters = LoraBuiltins.adapters(ctx, a, "adapters");
    if (adapters == null) {
      return UnknownValue.ANY;
    }
    LinearLayer base = linear(ctx, a, "base");
    LinearLayer classifier = linear(ctx, a, "classifier");
    long n = adapters.size();
    long layers = StdArgs.atLeast(ctx, a, "layers", 1, "Use layers = 1 unless the classifier is layer-wise.");
    long layer = StdArgs.atLeast(ctx, a, "layer_index", 0, "Layers count from 0.");
    if (layer >= layers) {
      throw ctx.error("E0111", "layer_index = " + layer + " is not below layers = " + layers + ".",
          a.span("layer_index"), "Choose a layer index from 0 to " + (layers - 1) + ".");
    }
    if (classifier.dOut() instanceof Dim.Fixed out && out.size() != n * layers) {
      throw ctx.error("E0201", "The classifier gives " + out.size() + " logits but " + n + " adapters × " + layers
          + " layers need " + n * layers + ".", a.span("classifier"));
    }
    long topK = a.isNone("top_k") ? 0 : RouterBuiltins.checkK(ctx, a, "top_k", n);
    double t = StdArgs.real(ctx, a, "temperature", 0, false, Double.POSITIVE_INFINITY, "Use a positive temperature.");
    Callable hidden = a.isNone("hidden") ? base : a.callable("hidden");
    Router router = new XLoraRouter(hidden, classifier, layers, layer, t, topK, a.bool("softmax_topk", false), n);
    return new LoraMixture(base, adapters, router, false);
  }

  private static Value sira(CallContext ctx, BoundArgs a) {
    List<LoraExpert> adapters = LoraBuiltins.adapters(ctx, a, "adapters");
    if (adapters == null) {
      return UnknownValue.ANY;
    }
    long e = adapters.size();
    long k = RouterBuiltins.checkK(ctx, a, "k", e);
    double cf = StdArgs.real(ctx, a, "capacity_factor", 0, false, Double.POSITIVE_INFINITY, "Use a positive factor.");
    double rate = StdArgs.real(ctx, a, "gate_dropout", 0, true, 0.999, "Choose a dropout rate in [0, 1).");
    Router inner = new ComposedRouter("sira", new Score.Linear(gateOf(ctx, a, e)), Activation.SOFTMAX, 1.0, null,
        new Selection.TopK(k), Normalization.RENORM, new Capacity(cf, 1, 0, false), e);
    Router router = new GateDropout(inner, rate, a.bool("training", false), StdArgs.seed(ctx, a));
    return new LoraMixture(linear(ctx, a, "base"), adapters, router, false);
  }

  private static LinearLayer gateOf(CallContext ctx, BoundArgs a, long e) {
    LinearLayer gate = linear(ctx, a, "gate");
    if (gate.dOut() instanceof Dim.Fixed rows && rows.size() != e) {
      throw ctx.error("E0201", "The gate has " + rows.size() + " rows but " + e + " adapters are given.", a.span("gate"),
          "Give the gate one row per adapter.");
    }
    return gate;
  }

  private static Value adamole(CallContext ctx, BoundArgs a) {
    List<LoraExpert> adapters = LoraBuiltins.adapters(ctx, a, "adapters");
    if (adapters == null) {
      return UnknownValue.ANY;
    }
    long e = adapters.size();
    LinearLayer threshold = linear(ctx, a, "threshold");
    if (!threshold.dOut().is(1) && threshold.dOut() instanceof Dim.Fixed) {
      throw ctx.error("E0201", "The threshold network must give one value per token, got " + threshold.dOut() + ".",
          a.span("threshold"), "Use linear_from(weight [1, d_in], bias [1]).");
    }
    double max = a.isNone("max_threshold") ? 1.0 / e
        : StdArgs.real(ctx, a, "max_threshold", 0, false, 1, "Choose a ceiling in (0, 1]; AdaMoLE uses 1/E.");
    return new LoraMixture(linear(ctx, a, "base"), adapters, new AdaMoleRouter(gateOf(ctx, a, e), threshold, max, e),
        false);
  }

  private static Value mola(CallContext ctx, BoundArgs a) {
    List<Value> bases = a.list("bases");
    List<Value> counts = a.list("counts");
    if (a.isUnknown("bases") || a.isUnknown("counts")) {
      return UnknownValue.ANY;
    }
    if (bases.size() != counts.size()) {
      throw ctx.error("E0201", bases.size() + " layers but " + counts.size() + " expert counts.", a.span("counts"),
          "Give one expert count per layer.");
    }
    long r = StdArgs.atLeast(ctx, a, "r", 1, "Use a positive rank.");
    long k = StdArgs.atLeast(ctx, a, "k", 1, "Use k ≥ 1.");
    long seed = StdArgs.seed(ctx, a);
    TensorOps ops = ctx.ops();
    List<Value> layers = new ArrayList<>();
    for (int i = 0; i < bases.size(); i++) {
      long e = counts.get(i) instanceof Value.IntValue c ? c.value() : -1;
      if (e < k) {
        throw ctx.error("E0111", "Layer " + i + " has " + counts.get(i) + " experts, fewer than k = " + k + ".",
            a.span("counts"), "Give every layer at least k experts.");
      }
      LinearLayer base = bases.get(i) instanceof LinearLayer l ? l : new LinearLayer(ctx.toTensor(bases.get(i), a.span("bases")), null);
      List<LoraExpert> adapters = new ArrayList<>();
      for (int j = 0; j < e; j++) {
        long s = seed + 1000L * i + j;
        TensorValue down = ops.randomNormal(SymShape.of(List.of(Dim.of(r), base.dIn())), s, 0, 0.02, DType.F32);
        adapters.add(new LoraExpert(down, Init.zeros(ctx, SymShape.of(List.of(base.dOut(), Dim.of(r)))),
            a.real("alpha"), ""));
      }
      LinearLayer gate = new LinearLayer(Init.uniform(ctx, Dim.of(e), base.dIn(), seed + 1000L * i + 999), null);
      Router router = new ComposedRouter("mola", new Score.Linear(gate), Activation.SOFTMAX, 1.0, null,
          new Selection.TopK(k), Normalization.RENORM, null, e);
      layers.add(new LoraMixture(base, adapters, router, false));
    }
    return new Value.ListValue(layers);
  }

  private static Value rank1(CallContext ctx, BoundArgs a) {
    if (!(a.get("lora") instanceof LoraExpert l)) {
      throw ctx.error("E0104", "rank1_experts takes a LoRA expert, got " + a.get("lora").typeName() + ".", a.span("lora"));
    }
    long r = Shapes.size(l.rank());
    if (r < 0) {
      return UnknownValue.ANY;
    }
    TensorOps ops = ctx.ops();
    long dIn = Shapes.size(l.a().shape().dim(1));
    long dOut = Shapes.size(l.b().shape().dim(0));
    List<Value> out = new ArrayList<>();
    for (long i = 0; i < r; i++) {
      TensorValue down = ops.slice(l.a(), new long[] {i, 0}, new long[] {i + 1, dIn}, new long[] {1, 1});
      TensorValue up = ops.slice(l.b(), new long[] {0, i}, new long[] {dOut, i + 1}, new long[] {1, 1});
      out.add(new LoraExpert(down, up, l.scaling(), l.card()));
    }
    return new Value.ListValue(out);
  }

  private static Value loramoeLoss(CallContext ctx, BoundArgs a) {
    if (!(a.get("routing") instanceof Value.StructValue s) || !(s.fields().get("probs") instanceof TensorValue probs)) {
      if (a.get("routing") instanceof UnknownValue) {
        return TensorOps.abstractTensor(SymShape.fixed(), DType.F32);
      }
      throw ctx.error("E0104", "Expected a routing (the result of calling a router).", a.span("routing"));
    }
    TensorOps ops = ctx.ops();
    TensorValue expertTypes = ops.cast(ctx.toTensor(a.get("expert_types"), a.span("expert_types")), DType.F32);
    TensorValue tokenTypes = ops.cast(ctx.toTensor(a.get("token_types"), a.span("token_types")), DType.F32);
    double delta = a.real("delta");
    TensorValue same = ops.binary(Op.EQ, ops.unsqueeze(tokenTypes, 1), ops.unsqueeze(expertTypes, 0));
    TensorValue q = ops.where(same, ops.scalar(1 + delta, DType.F32), ops.scalar(1 - delta, DType.F32));
    TensorValue importance = ops.reduce(Op.SUM, ops.binary(Op.MUL, probs, q), new int[] {0}, false);
    long e = Shapes.size(importance.shape().dim(0));
    TensorValue mean = ops.reduce(Op.MEAN, importance, new int[0], false);
    TensorValue centered = ops.binary(Op.SUB, importance, mean);
    TensorValue var = ops.binaryScalar(Op.DIV, ops.reduce(Op.SUM, ops.binary(Op.MUL, centered, centered), new int[0], false),
        Math.max(e - 1, 1), true, false);
    TensorValue cv2 = ops.binary(Op.DIV, var, ops.binaryScalar(Op.ADD, ops.binary(Op.MUL, mean, mean), 1e-10, true, false));
    return ops.binaryScalar(Op.MUL, cv2, a.real("beta"), true, false);
  }
}
