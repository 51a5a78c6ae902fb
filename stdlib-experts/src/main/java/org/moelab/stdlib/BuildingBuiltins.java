package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;
import static org.moelab.runtime.Param.required;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.moelab.types.Dim;

/**
 * Building and editing MoE layers: sparse upcycling and Drop-Upcycling, expert pruning by
 * reconstruction, dynamic skipping, adding and removing experts, and CMoE-style carving.
 */
final class BuildingBuiltins {
  private BuildingBuiltins() {}

  private static final Value NONE = Value.NoneValue.NONE;

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("upcycle", "Sparse upcycling: E copies of a dense SwiGLU/MLP expert and a fresh top-k router "
            + "(linear(d, E) init); with drop > 0, Drop-Upcycling re-draws int(drop·f) channels per expert from "
            + "N(mean, std) of the original matrix.", "layer", BuildingBuiltins::upcycle,
            required("dense", ParamKind.ANY, "The dense expert (swiglu_from / mlp_from)."),
            required("num_experts", ParamKind.INT, "E."), optional("k", ParamKind.INT, Value.of(2L), "Experts per token."),
            optional("drop", ParamKind.FLOAT, Value.of(0.0), "Drop-Upcycling ratio r (0.5 in the paper)."),
            optional("seed", ParamKind.OPTIONAL, NONE, "Seed for the router and the re-drawn channels.")),
        SimpleBuiltin.of("prune_experts", "Expert pruning by reconstruction: try every subset of `keep` experts on "
            + "calibration tokens x, keep the one whose output is closest to the full layer (Frobenius); gate rows "
            + "and experts are sliced. Returns .moe (the pruned layer), .kept, .loss.", "struct", BuildingBuiltins::prune,
            required("layer", ParamKind.ANY, "An MoE layer with a linear gate."),
            required("x", ParamKind.TENSOR, "Calibration tokens."),
            required("keep", ParamKind.INT, "Experts to keep.")),
        SimpleBuiltin.of("dynamic_skip", "Dynamic skipping for a top-2 layer: β = median of w1/w0 over calibration "
            + "tokens (torch.median: the lower middle value); the new layer skips the second expert when w1 < β·w0 "
            + "and renormalises. Returns .moe (the new layer), .beta.", "struct", BuildingBuiltins::skip,
            required("layer", ParamKind.ANY, "A top-2 MoE layer."), required("x", ParamKind.TENSOR, "Calibration tokens.")),
        SimpleBuiltin.of("remove_experts", "The layer without the given experts (their gate rows removed).", "layer",
            BuildingBuiltins::remove, required("layer", ParamKind.ANY, "An MoE layer with a linear gate."),
            required("indices", ParamKind.LIST, "Experts to remove.")),
        SimpleBuiltin.of("add_experts", "The layer with experts appended and their gate rows [n, d].", "layer",
            BuildingBuiltins::add, required("layer", ParamKind.ANY, "An MoE layer with a linear gate."),
            required("experts", ParamKind.LIST, "New experts."),
            required("gate_rows", ParamKind.TENSOR, "Their gate rows [n, d].")),
        SimpleBuiltin.of("carve_experts", "CMoE-style carving: split a dense SwiGLU FFN's neurons into `shared` shared "
            + "and num_experts routed experts of equal size (activation profiles on x, balanced k-means, seeded); "
            + "the gate row of an expert is its representative neuron's w1 row. Returns .moe (top-k, no renorm), "
            + ".routed, .shared, .gate, .neurons.", "struct", BuildingBuiltins::carve,
            required("dense", ParamKind.ANY, "A SwiGLU expert."), required("x", ParamKind.TENSOR, "Calibration tokens."),
            required("num_experts", ParamKind.INT, "Routed experts."),
            optional("shared", ParamKind.INT, Value.of(0L), "Shared experts (the most active neurons)."),
            optional("k", ParamKind.INT, Value.of(2L), "Routed experts per token."),
            optional("seed", ParamKind.OPTIONAL, NONE, "k-means seed.")));
  }

  private static MoeLayer editable(CallContext ctx, BoundArgs a) {
    Value v = a.get("layer");
    if (v instanceof UnknownValue) {
      return null;
    }
    if (!(v instanceof MoeLayer m)) {
      throw ctx.error("E0104", "Expected an MoE layer, got " + v.typeName() + ".", a.span("layer"));
    }
    String problem = ExpertEditing.problem(m);
    if (problem != null) {
      throw ctx.error("E0111", "This layer cannot be edited: " + problem + ".", a.span("layer"),
          "Build it with moe(experts, topk(gate, ...)) or another router over a linear gate.");
    }
    return m;
  }

  private static Value upcycle(CallContext ctx, BoundArgs a) {
    Value d = a.get("dense");
    if (d instanceof UnknownValue) {
      return UnknownValue.ANY;
    }
    if (!(d instanceof SwigluExpert) && !(d instanceof MlpExpert)) {
      throw ctx.error("E0104", "upcycle copies a SwiGLU or MLP expert, got " + d.typeName() + ".", a.span("dense"),
          "Build the dense FFN with swiglu_from(w1, w2, w3) or mlp_from(w_in, w_out).");
    }
    long e = StdArgs.atLeast(ctx, a, "num_experts", 1, "Use at least one expert.");
    long k = RouterBuiltins.checkK(ctx, a, "k", e);
    double drop = StdArgs.real(ctx, a, "drop", 0, true, 1, "Choose a ratio in [0, 1]; Drop-Upcycling uses 0.5.");
    long seed = StdArgs.seed(ctx, a);
    Callable dense = (Callable) d;
    Dim width = d instanceof SwigluExpert s ? s.d() : ((MlpExpert) d).d();
    List<Callable> experts = new ArrayList<>();
    for (int i = 0; i < e; i++) {
      experts.add(Upcycling.expert(ctx, dense, i, drop, seed));
    }
    LinearLayer gate = new LinearLayer(Init.uniform(ctx, Dim.of(e), width, seed), null);
    Router router = new ComposedRouter("topk", new Score.Linear(gate), Activation.SOFTMAX, 1.0, null,
        new Selection.TopK(k), Normalization.RENORM, null, e);
    return new MoeLayer(experts, router, List.of(), ExpertBank.forExperts(ctx, experts));
  }

  private static Value prune(CallContext ctx, BoundArgs a) {
    MoeLayer layer = editable(ctx, a);
    if (layer == null) {
      return UnknownValue.ANY;
    }
    long e = layer.experts().size();
    long keep = a.integer("keep", 1);
    if (keep < Math.max(1, layer.router().k()) || keep > e) {
      throw ctx.error("E0111", "keep = " + keep + " must be between k = " + layer.router().k() + " and the " + e
          + " experts.", a.span("keep"), "Keep at least as many experts as each token selects.");
    }
    if (ctx.isChecking()) {
      return struct("pruned", "moe", UnknownValue.ANY, "kept", UnknownValue.ANY, "loss", UnknownValue.ANY);
    }
    ExpertPruning.Result r = ExpertPruning.prune(ctx, layer, Tokens.flatten(ctx, a.tensor("x")), (int) keep);
    List<Value> kept = new ArrayList<>();
    for (long i : r.kept()) {
      kept.add(Value.of(i));
    }
    return struct("pruned", "moe", r.layer(), "kept", new Value.ListValue(kept), "loss", Value.of(r.loss()));
  }

  private static Value skip(CallContext ctx, BoundArgs a) {
    MoeLayer layer = editable(ctx, a);
    if (layer == null) {
      return UnknownValue.ANY;
    }
    ComposedRouter c = (ComposedRouter) layer.router();
    if (!(c.selection() instanceof Selection.TopK t) || t.k() != 2 || c.capacity() != null) {
      throw ctx.error("E0111", "Dynamic skipping needs a dropless top-2 router, got " + c.typeName() + ".", a.span("layer"),
          "Use a layer built with topk(gate, k = 2).");
    }
    if (ctx.isChecking()) {
      return struct("skipping", "moe", UnknownValue.ANY, "beta", UnknownValue.ANY);
    }
    TensorOps ops = ctx.ops();
    Routing r = layer.routing(ctx, a.tensor("x"));
    TensorValue top = ops.gather(r.probs(), -1, ops.topkIndices(r.probs(), 2, true));
    TensorValue ratio = ops.binary(Op.DIV, Shapes.lastAxis(ctx, top, 1, 2), Shapes.lastAxis(ctx, top, 0, 1));
    double[] v = ctx.host(ratio).toDoubleArray();
    java.util.Arrays.sort(v);
    double beta = v[(v.length - 1) / 2];
    ComposedRouter skipping = new ComposedRouter(c.name(), c.score(), c.activation(), c.temperature(), c.bias(),
        new Selection.SkipSecond(beta), c.normalization(), null, c.expertCount());
    MoeLayer out = new MoeLayer(layer.experts(), skipping, layer.shared(), layer.bank());
    return struct("skipping", "moe", out, "beta", Value.of(beta));
  }

  private static Value remove(CallContext ctx, BoundArgs a) {
    MoeLayer layer = editable(ctx, a);
    if (layer == null || a.isUnknown("indices")) {
      return UnknownValue.ANY;
    }
    int e = layer.experts().size();
    java.util.Set<Long> gone = new java.util.TreeSet<>();
    for (Value v : a.list("indices")) {
      long i = v instanceof Value.IntValue n ? n.value() : -1;
      if (i < 0 || i >= e) {
        throw ctx.error("E0111", "Expert index " + v + " is not between 0 and " + (e - 1) + ".", a.span("indices"));
      }
      gone.add(i);
    }
    long[] keep = java.util.stream.LongStream.range(0, e).filter(i -> !gone.contains(i)).toArray();
    if (keep.length < Math.max(1, layer.router().k())) {
      throw ctx.error("E0111", "Removing " + gone.size() + " of " + e + " experts leaves fewer than k = "
          + layer.router().k() + ".", a.span("indices"), "Keep at least k experts.");
    }
    return ExpertEditing.keep(ctx, layer, keep);
  }

  private static Value add(CallContext ctx, BoundArgs a) {
    MoeLayer layer = editable(ctx, a);
    List<Callable> experts = StdArgs.experts(ctx, a, "experts");
    if (layer == null || experts == null) {
      return UnknownValue.ANY;
    }
    TensorValue rows = a.tensor("gate_rows");
    Dim d = layer.router().width();
    if (rows.shape().hasRank() && (rows.shape().rank() != 2 || !rows.shape().dim(0).is(experts.size())
        || Dim.unify(rows.shape().dim(1), d) == null)) {
      throw ctx.error("E0201", "gate_rows must have shape [" + experts.size() + ", " + d + "], got " + rows.shape() + ".",
          a.span("gate_rows"), "Give one gate row of width d per new expert.");
    }
    return ExpertEditing.add(ctx, layer, experts, rows);
  }

  private static Value carve(CallContext ctx, BoundArgs a) {
    Value d = a.get("dense");
    if (d instanceof UnknownValue) {
      return UnknownValue.ANY;
    }
    if (!(d instanceof SwigluExpert dense)) {
      throw ctx.error("E0104", "carve_experts splits a SwiGLU FFN, got " + d.typeName() + ".", a.span("dense"));
    }
    long n = StdArgs.atLeast(ctx, a, "num_experts", 1, "Use at least one routed expert.");
    long shared = StdArgs.atLeast(ctx, a, "shared", 0, "Use 0 for no shared experts.");
    long k = RouterBuiltins.checkK(ctx, a, "k", n);
    long f = Shapes.size(dense.f());
    if (f > 0 && f % (n + shared) != 0) {
      throw ctx.error("E0111", "The " + f + " neurons do not split into " + (n + shared) + " equal experts.",
          a.span("num_experts"), "Choose num_experts + shared dividing " + f + ".");
    }
    long seed = StdArgs.seed(ctx, a);
    if (ctx.isChecking()) {
      return struct("carved", "moe", UnknownValue.ANY, "routed", UnknownValue.ANY, "shared", UnknownValue.ANY,
          "gate", UnknownValue.ANY, "neurons", UnknownValue.ANY);
    }
    double[][] profiles = NeuronCarving.profiles(ctx, dense, Tokens.flatten(ctx, a.tensor("x")));
    NeuronCarving c = NeuronCarving.carve(profiles, (int) n, (int) shared, seed);
    List<Callable> experts = new ArrayList<>();
    List<Value> neurons = new ArrayList<>();
    for (int[] idx : c.experts()) {
      experts.add(NeuronCarving.slice(ctx, dense, idx));
      neurons.add(new Value.ListValue(java.util.Arrays.stream(idx).mapToObj(i -> (Value) Value.of((long) i)).toList()));
    }
    List<Callable> sharedExperts = c.shared().stream().map(idx -> (Callable) NeuronCarving.slice(ctx, dense, idx)).toList();
    TensorValue reps = ctx.ops().constant(org.moelab.tensor.HostTensor.ofLongs(org.moelab.tensor.Shape.of(n),
        java.util.Arrays.stream(c.representatives()).asLongStream().toArray()), "representative neurons");
    TensorValue gate = ctx.ops().indexSelect(dense.w1(), 0, reps);
    Router router = new ComposedRouter("topk", new Score.Linear(new LinearLayer(gate, null)), Activation.SOFTMAX, 1.0,
        null, new Selection.TopK(k), Normalization.NONE, null, n);
    MoeLayer layer = new MoeLayer(experts, router, sharedExperts, ExpertBank.forExperts(ctx, experts));
    return struct("carved", "moe", layer, "routed", new Value.ListValue(List.copyOf(experts)), "shared",
        new Value.ListValue(List.copyOf(sharedExperts)), "gate", gate, "neurons", new Value.ListValue(neurons));
  }

  private static Value struct(String name, Object... kv) {
    Map<String, Value> f = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      f.put((String) kv[i], (Value) kv[i + 1]);
    }
    return new Value.StructValue(name, f);
  }
}
