package org.moelab.train;

import static org.moelab.train.TrainValues.struct;

import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.Value;

/** Optimizers and learning-rate schedules as values: {@code adam(lr = cosine_lr(...))}. */
final class OptimBuiltins {
  private OptimBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("sgd", "SGD with optional momentum, dampening, Nesterov and weight decay (torch.optim.SGD).",
            "optimizer", (ctx, a) -> struct("optimizer", "kind", "sgd", "lr", lr(ctx, a),
                "momentum", a.real("momentum"), "dampening", a.real("dampening"), "nesterov", a.bool("nesterov", false),
                "weight_decay", a.real("weight_decay")),
            lrParam(0.01), real("momentum", 0.0, "Momentum factor μ."), real("dampening", 0.0, "Dampening τ."),
            Param.optional("nesterov", ParamKind.BOOL, Value.of(false), "Nesterov momentum."),
            real("weight_decay", 0.0, "L2 penalty added to the gradient.")),
        adam("adam", "Adam (torch.optim.Adam); weight_decay is an L2 penalty added to the gradient.", 0.0),
        adam("adamw", "AdamW (torch.optim.AdamW): Adam with decoupled weight decay p ← p(1 − lr·λ).", 0.01),
        SimpleBuiltin.of("constant_lr", "A constant learning rate.", "lr_schedule",
            (ctx, a) -> struct("lr_schedule", "kind", "constant", "lr", a.real("lr")), real("lr", 0.01, "The rate.")),
        SimpleBuiltin.of("warmup_lr", "Linear warm-up to lr over `warmup` steps, then constant.", "lr_schedule",
            (ctx, a) -> struct("lr_schedule", "kind", "warmup", "lr", a.real("lr"), "warmup", a.integer("warmup", 0)),
            real("lr", 0.01, "Peak rate."), Param.required("warmup", ParamKind.INT, "Warm-up steps.")),
        SimpleBuiltin.of("cosine_lr", "Linear warm-up, then cosine decay to min_lr at `steps`.", "lr_schedule",
            (ctx, a) -> struct("lr_schedule", "kind", "cosine", "lr", a.real("lr"), "steps", a.integer("steps", 1),
                "warmup", a.integer("warmup", 0), "min_lr", a.real("min_lr")),
            real("lr", 0.01, "Peak rate."), Param.required("steps", ParamKind.INT, "Total steps."),
            Param.optional("warmup", ParamKind.INT, Value.of(0L), "Warm-up steps."),
            real("min_lr", 0.0, "Final rate.")),
        Minimize.builtin());
  }

  private static SimpleBuiltin adam(String name, String doc, double defaultDecay) {
    return SimpleBuiltin.of(name, doc, "optimizer",
        (ctx, a) -> struct("optimizer", "kind", name, "lr", lr(ctx, a), "beta1", a.real("beta1"), "beta2", a.real("beta2"),
            "eps", a.real("eps"), "weight_decay", a.real("weight_decay")),
        lrParam(1e-3), real("beta1", 0.9, "First-moment decay β₁."), real("beta2", 0.999, "Second-moment decay β₂."),
        real("eps", 1e-8, "Added to the denominator."), real("weight_decay", defaultDecay, "Weight decay λ."));
  }

  private static Value lr(CallContext ctx, BoundArgs a) {
    Value v = a.get("lr");
    TrainValues.schedule(ctx, v, a.span("lr"));
    return v;
  }

  private static Param lrParam(double dflt) {
    return Param.optional("lr", ParamKind.ANY, Value.of(dflt), "Learning rate: a number or a schedule.");
  }

  private static Param real(String name, double dflt, String doc) {
    return Param.optional(name, ParamKind.FLOAT, Value.of(dflt), doc);
  }
}
