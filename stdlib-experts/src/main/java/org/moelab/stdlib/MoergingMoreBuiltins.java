package org.moelab.stdlib;

import static org.moelab.runtime.Param.required;

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
import org.moelab.types.Dim;

/** MoErging beyond per-token routers: Poly's task-level merge and sequence-level routing to whole models. */
final class MoergingMoreBuiltins {
  private MoergingMoreBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("poly", "Poly [mttl PolyLoRA]: w = σ(θ)/(Σσ(θ) + 1e-12) for a task's logits θ [E]; the adapters "
            + "merge in parameter space, A = Σ w_e A_e, B = Σ w_e B_e.", "expert", MoergingMoreBuiltins::poly,
            required("adapters", ParamKind.LIST, "LoRA experts of equal rank (the skill inventory)."),
            required("logits", ParamKind.TENSOR, "The task's module logits θ [E] (trainable).")),
        SimpleBuiltin.of("poly_weights", "Poly's mixing weights σ(θ)/(Σσ(θ) + 1e-12) over the last axis.", "tensor",
            (ctx, a) -> weights(ctx, a.tensor("logits")), required("logits", ParamKind.TENSOR, "Module logits θ.")),
        SimpleBuiltin.of("sequence_router", "Sequence-level routing (MoDEM, composition of experts): a classifier on "
            + "each sequence's mean token picks one whole model by argmax; each sequence runs through its model only.",
            "layer", MoergingMoreBuiltins::sequenceRouter,
            required("models", ParamKind.LIST, "The expert models, callables on [n, S, d]."),
            required("classifier", ParamKind.ANY, "Sequence embeddings [B, d] to scores [B, M]: a linear layer, "
                + "an [M, d] weight or a function.")));
  }

  static TensorValue weights(CallContext ctx, TensorValue logits) {
    TensorOps ops = ctx.ops();
    TensorValue s = ops.unary(Op.SIGMOID, logits);
    return ops.binary(Op.DIV, s, ops.binaryScalar(Op.ADD, ops.reduce(Op.SUM, s, new int[] {-1}, true), 1e-12, true, false));
  }

  private static Value poly(CallContext ctx, BoundArgs a) {
    List<LoraExpert> adapters = LoraBuiltins.adapters(ctx, a, "adapters");
    TensorValue logits = a.tensor("logits");
    if (adapters == null) {
      return UnknownValue.ANY;
    }
    long e = adapters.size();
    if (logits.shape().hasRank() && (logits.shape().rank() != 1 || Dim.unify(logits.shape().dim(0), Dim.of(e)) == null)) {
      throw ctx.error("E0201", "logits must have shape [" + e + "], one per adapter, got " + logits.shape() + ".",
          a.span("logits"), "Pick the task's row of the module-logit matrix: theta[task].");
    }
    LoraExpert first = adapters.get(0);
    for (int i = 1; i < e; i++) {
      LoraExpert l = adapters.get(i);
      if (!l.a().shape().equals(first.a().shape()) || !l.b().shape().equals(first.b().shape())) {
        throw ctx.error("E0201", "Poly merges A and B, so adapters need equal shapes; adapter " + i + " has A "
            + l.a().shape() + ", B " + l.b().shape() + ", adapter 0 has A " + first.a().shape() + ", B "
            + first.b().shape() + ".", a.span("adapters"));
      }
    }
    TensorOps ops = ctx.ops();
    TensorValue w = ops.unsqueeze(weights(ctx, ops.cast(logits, first.a().dtype())), 0);
    TensorValue down = merged(ctx, w, adapters.stream().map(LoraExpert::a).toList());
    TensorValue up = merged(ctx, w, adapters.stream().map(l -> ctx.ops().binaryScalar(Op.MUL, l.b(),
        l.scaling() / first.scaling(), true, false)).toList());
    return new LoraExpert(down, up, first.alpha(), "poly");
  }

  /** {@code Σ_e w_e M_e} for matrices of one shape, as one matmul of w {@code [1, E]} with the stacked matrices. */
  private static TensorValue merged(CallContext ctx, TensorValue w, List<TensorValue> mats) {
    TensorOps ops = ctx.ops();
    List<Dim> shape = mats.get(0).shape().dims();
    TensorValue flat = ops.stack(mats.stream().map(m -> ops.reshape(m, List.of(Dim.of(-1)))).toList(), 0);
    return ops.reshape(ops.matmul(w, flat), shape);
  }

  private static Value sequenceRouter(CallContext ctx, BoundArgs a) {
    List<Callable> models = StdArgs.experts(ctx, a, "models");
    if (models == null || a.isUnknown("classifier")) {
      return UnknownValue.ANY;
    }
    if (models.isEmpty()) {
      throw ctx.error("E0111", "sequence_router needs at least one model.", a.span("models"));
    }
    Callable classifier = a.get("classifier") instanceof Callable c ? c : StdArgs.gate(ctx, a, "classifier");
    if (classifier instanceof LinearLayer l && l.dOut() instanceof Dim.Fixed m && m.size() != models.size()) {
      throw ctx.error("E0201", "The classifier scores " + m.size() + " models but " + models.size() + " are given.",
          a.span("classifier"), "Give the classifier one row per model.");
    }
    return new SequenceRouting(models, classifier);
  }
}
