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
import org.moelab.types.Dim;

/**
 * Router auxiliary losses computed from a routing struct (the value of calling a router on tokens).
 * Load balancing follows semantics.md: f_e is the fraction of the T·k slots routed to e and P_e the
 * mean probability of e, aux = E · Σ f_e P_e; HF transformers' Mixtral loss is k times this.
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
            Param.required("routing", ParamKind.ANY, "The result of calling a router on tokens.")));
  }

  private static Value loadBalance(CallContext ctx, BoundArgs a) {
    TensorValue probs = field(ctx, a, "probs");
    TensorValue indices = field(ctx, a, "indices");
    if (!probs.shape().hasRank() || !(probs.shape().dim(-1) instanceof Dim.Fixed e)) {
      return TensorOps.abstractTensor(org.moelab.types.SymShape.fixed(), org.moelab.tensor.DType.F32);
    }
    TensorOps ops = ctx.ops();
    TensorValue flat = ops.reshape(indices, List.of(Dim.of(-1)));
    TensorValue counts = ops.cast(ops.bincount(flat, e.size()), probs.dtype());
    TensorValue fraction = ops.binary(Op.DIV, counts, ops.reduce(Op.SUM, counts, new int[0], false));
    TensorValue meanProb = ops.reduce(Op.MEAN, probs, new int[] {0}, false);
    TensorValue dot = ops.reduce(Op.SUM, ops.binary(Op.MUL, fraction, meanProb), new int[0], false);
    return ops.binaryScalar(Op.MUL, dot, e.size(), true, false);
  }

  private static TensorValue field(CallContext ctx, BoundArgs a, String name) {
    Value v = a.get("routing");
    if (v instanceof UnknownValue) {
      return TensorOps.abstractTensor(org.moelab.types.SymShape.unknownRank(), org.moelab.tensor.DType.F32);
    }
    if (v instanceof Value.StructValue s && s.fields().get(name) instanceof TensorValue t) {
      return t;
    }
    throw ctx.error("E0104", "Expected a routing (the result of calling a router), got " + v.typeName() + ".",
        a.span("routing"), "Write load_balance_loss(gate(x)) where gate is a router.");
  }
}
