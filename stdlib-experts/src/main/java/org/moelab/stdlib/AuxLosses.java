package org.moelab.stdlib;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * Router auxiliary losses and the DeepSeek v3 bias update, computed from a routing struct (the
 * value of calling a router on tokens). Load balancing follows semantics.md: f_e is the fraction
 * of the used slots routed to e and P_e the mean probability of e, aux = N · Σ f_e P_e over the N
 * score columns; HF transformers' Mixtral loss is k times this.
 */
final class AuxLosses {
  private AuxLosses() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("load_balance_loss", "Switch/Mixtral load-balancing loss E · Σ_e f_e · P_e of a routing.",
            "tensor", AuxLosses::loadBalance,
            Param.required("routing", ParamKind.ANY, "The result of calling a router on tokens.")),
        SimpleBuiltin.of("z_loss", "Router z-loss mean(logsumexp(logits)²) (ST-MoE).", "tensor",
            (ctx, a) -> {
              TensorValue logits = field(ctx, a, "logits");
              TensorValue lse = ctx.ops().logsumexp(logits, -1, false);
              return ctx.ops().reduce(Op.MEAN, ctx.ops().binary(Op.MUL, lse, lse), new int[0], false);
            },
            Param.required("routing", ParamKind.ANY, "The result of calling a router on tokens.")),
        SimpleBuiltin.of("expert_load", "Tokens routed to each expert [E] (used slots only).", "tensor",
            (ctx, a) -> load(ctx, a), Param.required("routing", ParamKind.ANY, "The result of calling a router.")),
        SimpleBuiltin.of("bias_update", "DeepSeek v3's auxiliary-loss-free balancing: b − gamma · sign(load − mean load).",
            "tensor", AuxLosses::biasUpdate,
            Param.required("bias", ParamKind.TENSOR, "The selection bias [E]."),
            Param.required("routing", ParamKind.ANY, "The routing of a batch."),
            Param.optional("gamma", ParamKind.FLOAT, Value.of(1e-3), "Bias update speed.")));
  }

  private static Value loadBalance(CallContext ctx, BoundArgs a) {
    TensorValue probs = field(ctx, a, "probs");
    if (!probs.shape().hasRank() || !(probs.shape().dim(-1) instanceof Dim.Fixed n)) {
      return TensorOps.abstractTensor(SymShape.fixed(), DType.F32);
    }
    TensorOps ops = ctx.ops();
    TensorValue counts = slotCounts(ctx, a, n.size(), true);
    TensorValue fraction = ops.binary(Op.DIV, counts, ops.reduce(Op.SUM, counts, new int[0], false));
    TensorValue meanProb = ops.reduce(Op.MEAN, probs, new int[] {0}, false);
    TensorValue dot = ops.reduce(Op.SUM, ops.binary(Op.MUL, fraction, meanProb), new int[0], false);
    return ops.binaryScalar(Op.MUL, dot, n.size(), true, false);
  }

  /**
   * Slots per score column {@code [N]} (f32): the used ones, or with {@code selected} also those
   * dropped for capacity (the Switch loss counts every token's choice, before capacity).
   */
  private static TensorValue slotCounts(CallContext ctx, BoundArgs a, long columns, boolean selected) {
    TensorOps ops = ctx.ops();
    TensorValue indices = field(ctx, a, "indices");
    TensorValue active = field(ctx, a, "active");
    if (selected && ((Value.StructValue) a.get("routing")).fields().get("dropped") instanceof TensorValue dropped) {
      active = ops.binary(Op.ADD, active, dropped);
    }
    if (expertChoice(a)) {
      return ops.reduce(Op.SUM, active, new int[] {1}, false);
    }
    TensorValue oneHot = ops.oneHot(indices, columns, DType.F32);
    TensorValue used = ops.binary(Op.MUL, oneHot, ops.unsqueeze(active, -1));
    return ops.reduce(Op.SUM, used, new int[] {0, 1}, false);
  }

  private static Value load(CallContext ctx, BoundArgs a) {
    TensorValue probs = field(ctx, a, "probs");
    Value e = ((Value.StructValue) a.get("routing")).fields().get("experts");
    if (!(probs.shape().dim(-1) instanceof Dim.Fixed n) || !(e instanceof Value.IntValue experts)) {
      return TensorOps.abstractTensor(SymShape.unknownRank(), DType.F32);
    }
    TensorValue counts = slotCounts(ctx, a, expertChoice(a) ? experts.value() : n.size(), false);
    return Shapes.lastAxis(ctx, counts, 0, experts.value());
  }

  private static Value biasUpdate(CallContext ctx, BoundArgs a) {
    TensorOps ops = ctx.ops();
    TensorValue bias = a.tensor("bias");
    if (a.get("routing") instanceof UnknownValue) {
      return bias;
    }
    TensorValue load = (TensorValue) load(ctx, a);
    TensorValue mean = ops.reduce(Op.MEAN, load, new int[0], false);
    TensorValue step = ops.binaryScalar(Op.MUL, ops.unary(Op.SIGN, ops.binary(Op.SUB, load, mean)), a.real("gamma"), true,
        false);
    return ops.binary(Op.SUB, bias, ops.cast(step, bias.dtype()));
  }

  private static boolean expertChoice(BoundArgs a) {
    return a.get("routing") instanceof Value.StructValue s && s.fields().get("expert_choice") instanceof Value.BoolValue b
        && b.value();
  }

  private static TensorValue field(CallContext ctx, BoundArgs a, String name) {
    Value v = a.get("routing");
    if (v instanceof UnknownValue) {
      return TensorOps.abstractTensor(SymShape.unknownRank(), DType.F32);
    }
    if (v instanceof Value.StructValue s && s.fields().get(name) instanceof TensorValue t) {
      return t;
    }
    throw ctx.error("E0104", "Expected a routing (the result of calling a router), got " + v.typeName() + ".",
        a.span("routing"), "Write load_balance_loss(gate(x)) where gate is a router.");
  }
}
