package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;
import static org.moelab.runtime.Param.required;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** LoRA experts and their mixtures: {@code lora}, {@code lora_from}, {@code lora_mixture}, {@code molora}, {@code lorahub}. */
final class LoraBuiltins {
  private LoraBuiltins() {}

  private static final Value NONE = Value.NoneValue.NONE;

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("lora", "A fresh LoRA expert (α/r)·B A: A ~ N(0, 0.02) [r, d_in], B = 0 [d_out, r].", "expert",
            LoraBuiltins::fresh, required("d_in", ParamKind.INT, "Input width."),
            required("d_out", ParamKind.INT, "Output width."), optional("r", ParamKind.INT, Value.of(8L), "Rank."),
            optional("alpha", ParamKind.FLOAT, Value.of(16.0), "Scaling numerator α."),
            optional("seed", ParamKind.OPTIONAL, NONE, "Init seed.")),
        SimpleBuiltin.of("lora_from", "A LoRA expert from PEFT's lora_A.weight [r, d_in] and lora_B.weight [d_out, r].",
            "expert", LoraBuiltins::from, required("lora_A", ParamKind.TENSOR, "Down projection [r, d_in]."),
            required("lora_B", ParamKind.TENSOR, "Up projection [d_out, r]."),
            optional("alpha", ParamKind.OPTIONAL, NONE, "α (none: α = r, scaling 1)."),
            optional("card", ParamKind.STR, Value.of(""), "The adapter's task description.")),
        SimpleBuiltin.of("peft_lora", "A LoRA expert from a PEFT adapter directory (adapter_config.json + "
            + "adapter_model.safetensors): the module whose name contains `module`, with r and lora_alpha from the config.",
            "expert", PeftAdapters::load, required("path", ParamKind.STR, "The adapter directory."),
            required("module", ParamKind.STR, "A module name or suffix, such as \"layers.0.self_attn.q_proj\"."),
            optional("card", ParamKind.STR, Value.of(""), "The adapter's task description.")),
        SimpleBuiltin.of("lora_mixture", "W x plus routed LoRA experts. combine = \"output\" sums Σ w_e (α/r) B_e A_e x "
            + "(merge after); \"parameter\" merges (Σ w_e B_e)(Σ w_e A_e) per token first (merge before).", "layer",
            LoraBuiltins::mixture, required("base", ParamKind.ANY, "The base linear layer or its weight [d_out, d_in]."),
            required("adapters", ParamKind.LIST, "LoRA experts."), required("router", ParamKind.ANY, "A router over them."),
            optional("combine", ParamKind.STR, Value.of("output"), "\"output\" or \"parameter\".")),
        SimpleBuiltin.of("molora", "MoLoRA: W x + Σ_e softmax(W_g x)_e (α/r) B_e A_e x, a dense softmax router over "
            + "every adapter.", "layer", LoraBuiltins::molora,
            required("base", ParamKind.ANY, "The base linear layer or its weight."),
            required("adapters", ParamKind.LIST, "LoRA experts."),
            optional("gate", ParamKind.OPTIONAL, NONE, "Gate weight [E, d_in]; none initialises one."),
            optional("seed", ParamKind.OPTIONAL, NONE, "Init seed for a fresh gate.")),
        SimpleBuiltin.of("lorahub", "LoraHub's parameter-space merge: A = Σ w_i A_i, B = Σ w_i B_i (equal ranks).",
            "expert", LoraBuiltins::lorahub, required("adapters", ParamKind.LIST, "LoRA experts of equal rank."),
            required("weights", ParamKind.LIST, "One weight per adapter (LoraHub searches them in [-1.5, 1.5]).")));
  }

  private static Value fresh(CallContext ctx, BoundArgs a) {
    Dim in = StdArgs.dim(ctx, a, "d_in");
    Dim out = StdArgs.dim(ctx, a, "d_out");
    Dim r = StdArgs.dim(ctx, a, "r");
    long seed = StdArgs.seed(ctx, a);
    TensorOps ops = ctx.ops();
    TensorValue down = ops.randomNormal(SymShape.of(List.of(r, in)), seed, 0, 0.02, DType.F32);
    TensorValue up = Init.zeros(ctx, SymShape.of(List.of(out, r)));
    return new LoraExpert(down, up, a.real("alpha"), "");
  }

  private static Value from(CallContext ctx, BoundArgs a) {
    TensorValue down = a.tensor("lora_A");
    TensorValue up = a.tensor("lora_B");
    if (down.shape().hasRank() && up.shape().hasRank() && (down.shape().rank() != 2 || up.shape().rank() != 2
        || Dim.unify(down.shape().dim(0), up.shape().dim(1)) == null)) {
      throw ctx.error("E0201", "lora_A " + down.shape() + " and lora_B " + up.shape() + " must be [r, d_in] and [d_out, r].",
          a.span("lora_B"), "PEFT stores lora_A.weight as [r, d_in] and lora_B.weight as [d_out, r].");
    }
    double alpha = a.isNone("alpha") ? Shapes.size(down.shape().hasRank() ? down.shape().dim(0) : Dim.any()) : a.real("alpha");
    return new LoraExpert(down, up, alpha, a.string("card") == null ? "" : a.string("card"));
  }

  static List<LoraExpert> adapters(CallContext ctx, BoundArgs a, String name) {
    if (a.isUnknown(name)) {
      return null;
    }
    List<LoraExpert> out = new ArrayList<>();
    for (Value v : a.list(name)) {
      if (v instanceof UnknownValue) {
        return null;
      }
      if (!(v instanceof LoraExpert l)) {
        throw ctx.error("E0104", name + " must be a list of LoRA experts, found a " + v.typeName() + ".", a.span(name),
            "Build them with lora(...), lora_from(A, B) or peft_lora(path, module).");
      }
      out.add(l);
    }
    if (out.isEmpty()) {
      throw ctx.error("E0111", name + " must not be empty.", a.span(name));
    }
    return out;
  }

  private static LinearLayer base(CallContext ctx, BoundArgs a) {
    return a.get("base") instanceof LinearLayer l ? l : StdArgs.gate(ctx, a, "base");
  }

  private static Value mixture(CallContext ctx, BoundArgs a) {
    List<LoraExpert> adapters = adapters(ctx, a, "adapters");
    Value r = a.get("router");
    if (adapters == null || r instanceof UnknownValue) {
      return UnknownValue.ANY;
    }
    if (!(r instanceof Router router)) {
      throw ctx.error("E0104", "router must be a router, got " + r.typeName() + ".", a.span("router"));
    }
    if (router.experts() instanceof Dim.Fixed e && e.size() != adapters.size()) {
      throw ctx.error("E0201", "The router scores " + e.size() + " experts but " + adapters.size() + " adapters are given.",
          a.span("adapters"));
    }
    String combine = a.string("combine") == null ? "output" : a.string("combine");
    if (!combine.equals("output") && !combine.equals("parameter")) {
      throw ctx.error("E0111", "combine must be \"output\" or \"parameter\", got \"" + combine + "\".", a.span("combine"),
          "\"output\" merges after (Σ w B A x); \"parameter\" merges before ((Σ w B)(Σ w A) x).");
    }
    LinearLayer base = base(ctx, a);
    checkShapes(ctx, a, base, adapters, combine.equals("parameter"));
    return new LoraMixture(base, adapters, router, combine.equals("parameter"));
  }

  private static void checkShapes(CallContext ctx, BoundArgs a, LinearLayer base, List<LoraExpert> adapters, boolean sameRank) {
    for (int i = 0; i < adapters.size(); i++) {
      LoraExpert l = adapters.get(i);
      if (Dim.unify(l.a().shape().dim(1), base.dIn()) == null || Dim.unify(l.b().shape().dim(0), base.dOut()) == null) {
        throw ctx.error("E0201", "Adapter " + i + " maps " + l.a().shape().dim(1) + " -> " + l.b().shape().dim(0)
            + " but the base layer maps " + base.dIn() + " -> " + base.dOut() + ".", a.span("adapters"));
      }
      if (sameRank && Dim.unify(l.rank(), adapters.get(0).rank()) == null) {
        throw ctx.error("E0201", "Merging before needs equal ranks; adapter " + i + " has r = " + l.rank()
            + ", adapter 0 has r = " + adapters.get(0).rank() + ".", a.span("adapters"), "Use combine = \"output\".");
      }
    }
  }

  private static Value molora(CallContext ctx, BoundArgs a) {
    List<LoraExpert> adapters = adapters(ctx, a, "adapters");
    if (adapters == null) {
      return UnknownValue.ANY;
    }
    LinearLayer base = base(ctx, a);
    long e = adapters.size();
    LinearLayer gate = a.isNone("gate") ? new LinearLayer(Init.uniform(ctx, Dim.of(e), base.dIn(), StdArgs.seed(ctx, a)), null)
        : StdArgs.gate(ctx, a, "gate");
    checkShapes(ctx, a, base, adapters, false);
    Router router = new ComposedRouter("molora", new Score.Linear(gate), Activation.SOFTMAX, 1.0, null,
        new Selection.TopK(e), Normalization.NONE, null, e);
    return new LoraMixture(base, adapters, router, false);
  }

  private static Value lorahub(CallContext ctx, BoundArgs a) {
    List<LoraExpert> adapters = adapters(ctx, a, "adapters");
    List<Value> weights = a.list("weights");
    if (adapters == null || a.isUnknown("weights")) {
      return UnknownValue.ANY;
    }
    if (weights.size() != adapters.size()) {
      throw ctx.error("E0201", weights.size() + " weights for " + adapters.size() + " adapters.", a.span("weights"),
          "Give one weight per adapter.");
    }
    TensorOps ops = ctx.ops();
    TensorValue down = null;
    TensorValue up = null;
    for (int i = 0; i < adapters.size(); i++) {
      double w = weights.get(i) instanceof Value.FloatValue f ? f.value()
          : weights.get(i) instanceof Value.IntValue n ? n.value() : 0;
      LoraExpert l = adapters.get(i);
      TensorValue wa = ops.binaryScalar(Op.MUL, l.a(), w, true, false);
      TensorValue wb = ops.binaryScalar(Op.MUL, l.b(), w, true, false);
      down = down == null ? wa : ops.binary(Op.ADD, down, wa);
      up = up == null ? wb : ops.binary(Op.ADD, up, wb);
    }
    return new LoraExpert(down, up, adapters.get(0).alpha(), "lorahub");
  }
}
