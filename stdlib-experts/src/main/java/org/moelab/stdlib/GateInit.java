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

/**
 * Gate initialisation as mergekit-moe does it [arcee-ai/mergekit → mergekit/moe/router.py], one
 * layer at a time: {@code hidden} (hidden states of each expert's positive prompts, last token or
 * sequence average, mean over prompts, minus the same of its negative prompts, L2-normalised with
 * a 1e-8 floor), {@code cheap_embed} (token embeddings summed over tokens and prompts, normalised,
 * negative subtracted, normalised again) and {@code random} (N(0, 1)).
 */
final class GateInit {
  private GateInit() {}

  private static final Value NONE = Value.NoneValue.NONE;

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("gate_from_hidden", "mergekit-moe's `hidden` gate init: per expert, hidden states of its "
            + "positive prompts [P, S, d] (last token, or the sequence average with average = true), averaged over "
            + "prompts, minus the same of its negative prompts, L2-normalised. Returns the gate [E, d].", "tensor",
            GateInit::hidden, required("positive", ParamKind.LIST, "Per expert, hidden states [P, S, d] of its prompts."),
            optional("negative", ParamKind.OPTIONAL, NONE, "Per expert, hidden states of its negative prompts, or none."),
            optional("average", ParamKind.BOOL, Value.of(false), "Average over the sequence (hidden_avg) instead of "
                + "the last token (hidden).")),
        SimpleBuiltin.of("gate_from_embeddings", "mergekit-moe's `cheap_embed` gate init: per expert, the token "
            + "embeddings of its prompts' ids [P, S] summed over tokens and prompts and L2-normalised; negative "
            + "prompts subtract, then normalise again. Returns the gate [E, d].", "tensor", GateInit::cheap,
            required("embed", ParamKind.TENSOR, "The token embedding matrix [V, d]."),
            required("positive", ParamKind.LIST, "Per expert, prompt token ids [P, S]."),
            optional("negative", ParamKind.OPTIONAL, NONE, "Per expert, negative prompt ids, or none.")),
        SimpleBuiltin.of("gate_random", "mergekit-moe's `random` gate init: N(0, 1) [E, d], seeded.", "tensor",
            (ctx, a) -> ctx.ops().randomNormal(SymShape.of(List.of(StdArgs.dim(ctx, a, "num_experts"), StdArgs.dim(ctx, a, "d"))),
                StdArgs.seed(ctx, a), 0, 1, DType.F32),
            required("num_experts", ParamKind.INT, "E."), required("d", ParamKind.INT, "Model width."),
            optional("seed", ParamKind.OPTIONAL, NONE, "Seed; none draws the session's next.")));
  }

  private static Value hidden(CallContext ctx, BoundArgs a) {
    boolean average = a.bool("average", false);
    return build(ctx, a, t -> promptState(ctx, t, average), false);
  }

  private static Value cheap(CallContext ctx, BoundArgs a) {
    TensorValue embed = a.tensor("embed");
    return build(ctx, a, ids -> cheapEmbedding(ctx, embed, ids), true);
  }

  private static Value build(CallContext ctx, BoundArgs a, java.util.function.Function<TensorValue, TensorValue> state,
      boolean ids) {
    if (a.isUnknown("positive") || a.isUnknown("negative")) {
      return UnknownValue.ANY;
    }
    List<Value> pos = a.list("positive");
    List<Value> neg = a.isNone("negative") ? null : a.list("negative");
    if (neg != null && neg.size() != pos.size()) {
      throw ctx.error("E0201", neg.size() + " negative prompt sets for " + pos.size() + " experts.", a.span("negative"),
          "Give one entry per expert (an empty list for none).");
    }
    List<TensorValue> rows = new ArrayList<>();
    for (int e = 0; e < pos.size(); e++) {
      TensorValue v = state.apply(checked(ctx, a, "positive", pos.get(e), ids));
      if (neg != null && !(neg.get(e) instanceof Value.ListValue l && l.elements().isEmpty())
          && !(neg.get(e) instanceof Value.NoneValue)) {
        v = ctx.ops().binary(Op.SUB, v, state.apply(checked(ctx, a, "negative", neg.get(e), ids)));
      }
      rows.add(unit(ctx, v));
    }
    if (rows.isEmpty()) {
      throw ctx.error("E0111", "positive must list at least one expert's prompts.", a.span("positive"));
    }
    return ctx.ops().stack(rows, 0);
  }

  private static TensorValue checked(CallContext ctx, BoundArgs a, String name, Value v, boolean ids) {
    TensorValue t = ctx.toTensor(v, a.span(name));
    int rank = ids ? 2 : 3;
    if (t.shape().hasRank() && t.shape().rank() != rank) {
      throw ctx.error("E0201", name + " entries must be " + (ids ? "token ids [P, S]" : "hidden states [P, S, d]")
          + ", got shape " + t.shape() + ".", a.span(name));
    }
    return t;
  }

  /** Last token (or sequence average) of each prompt, averaged over prompts: {@code [d]}. */
  private static TensorValue promptState(CallContext ctx, TensorValue h, boolean average) {
    TensorOps ops = ctx.ops();
    TensorValue hs = ops.cast(h, DType.F32);
    TensorValue perPrompt;
    if (average) {
      perPrompt = ops.reduce(Op.MEAN, hs, new int[] {1}, false);
    } else {
      long s = Shapes.size(hs.shape().dim(1));
      long[] stops = {Shapes.size(hs.shape().dim(0)), s, Shapes.size(hs.shape().dim(2))};
      perPrompt = hs.shape().isConcrete() ? ops.squeeze(ops.slice(hs, new long[] {0, s - 1, 0}, stops, new long[] {1, 1, 1}), 1)
          : TensorOps.abstractTensor(SymShape.of(List.of(hs.shape().dim(0), hs.shape().dim(2))), DType.F32);
    }
    return ops.reduce(Op.MEAN, perPrompt, new int[] {0}, false);
  }

  /** Σ over prompts and tokens of the ids' embeddings, normalised: {@code [d]}. */
  private static TensorValue cheapEmbedding(CallContext ctx, TensorValue embed, TensorValue ids) {
    TensorOps ops = ctx.ops();
    TensorValue flat = ops.reshape(ops.cast(ids, DType.I64), List.of(Dim.of(-1)));
    TensorValue rows = ops.indexSelect(ops.cast(embed, DType.F32), 0, flat);
    return unit(ctx, ops.reduce(Op.SUM, rows, new int[] {0}, false));
  }

  /** {@code v / max(‖v‖, 1e-8)}. */
  private static TensorValue unit(CallContext ctx, TensorValue v) {
    TensorOps ops = ctx.ops();
    TensorValue norm = ops.unary(Op.SQRT, ops.reduce(Op.SUM, ops.binary(Op.MUL, v, v), new int[] {-1}, true));
    return ops.binary(Op.DIV, v, ops.binaryScalar(Op.MAXIMUM, norm, 1e-8, true, false));
  }
}
