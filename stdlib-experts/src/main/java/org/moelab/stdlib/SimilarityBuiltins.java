package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;
import static org.moelab.runtime.Param.required;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.Args;
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

/** Analysis of experts and routings: expert similarity and routing weights as embeddings (MoEE). */
final class SimilarityBuiltins {
  private SimilarityBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("expert_similarity", "Cosine similarity [E, E] of experts: of their flattened weights "
            + "(parameters in order, e.g. w1, w2, w3), or of their flattened outputs on x when x is given.",
            "tensor", SimilarityBuiltins::similarity,
            required("experts", ParamKind.LIST, "Experts (components with weights, or any callables with x)."),
            optional("x", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Tokens to compare outputs on.")),
        SimpleBuiltin.of("routing_embedding", "MoEE: routing weights as an embedding — each routing's probabilities "
            + "averaged over a sequence's tokens, concatenated over layers: [sequences, Σ E].", "tensor",
            SimilarityBuiltins::moee, required("routings", ParamKind.LIST, "Routings of the layers (router(h_l))."),
            optional("sequences", ParamKind.INT, Value.of(1L), "How many equal-length sequences the tokens form.")));
  }

  private static Value similarity(CallContext ctx, BoundArgs a) {
    List<Callable> experts = StdArgs.experts(ctx, a, "experts");
    if (experts == null || experts.isEmpty()) {
      return UnknownValue.ANY;
    }
    TensorOps ops = ctx.ops();
    List<TensorValue> rows = new ArrayList<>();
    for (int i = 0; i < experts.size(); i++) {
      Callable e = experts.get(i);
      if (!a.isNone("x")) {
        TensorValue out = ctx.toTensor(ctx.call(e, Args.of(a.span("x"), a.tensor("x"))), a.span("x"));
        rows.add(flat(ctx, out));
        continue;
      }
      if (!(e instanceof Component c) || c.parameters().isEmpty()) {
        throw ctx.error("E0104", "Expert " + i + " (" + e.typeName() + ") has no weights to compare.", a.span("experts"),
            "Pass x to compare the experts' outputs instead.");
      }
      rows.add(ops.concat(c.parameters().values().stream().map(p -> flat(ctx, p)).toList(), 0));
    }
    for (int i = 1; i < rows.size(); i++) {
      if (Dim.unify(rows.get(i).shape().dim(0), rows.get(0).shape().dim(0)) == null) {
        throw ctx.error("E0201", "Expert " + i + " has " + rows.get(i).shape().dim(0) + " values but expert 0 has "
            + rows.get(0).shape().dim(0) + "; cosine needs equal sizes.", a.span("experts"),
            "Compare experts of one shape, or pass x to compare their outputs.");
      }
    }
    TensorValue m = CosineScore.l2normalize(ctx, ops.stack(rows, 0));
    return ops.matmul(m, ops.transpose(m));
  }

  private static TensorValue flat(CallContext ctx, TensorValue t) {
    return ctx.ops().reshape(ctx.ops().cast(t, DType.F32), List.of(Dim.of(-1)));
  }

  private static Value moee(CallContext ctx, BoundArgs a) {
    if (a.isUnknown("routings")) {
      return UnknownValue.ANY;
    }
    long b = StdArgs.atLeast(ctx, a, "sequences", 1, "Use at least one sequence.");
    TensorOps ops = ctx.ops();
    List<TensorValue> parts = new ArrayList<>();
    for (Value v : a.list("routings")) {
      if (!(v instanceof Value.StructValue s) || !(s.fields().get("probs") instanceof TensorValue probs)) {
        throw ctx.error("E0104", "routings must be routings (router(h)), found a " + v.typeName() + ".", a.span("routings"));
      }
      long t = Shapes.size(probs.shape().dim(0));
      if (t > 0 && t % b != 0) {
        throw ctx.error("E0201", t + " tokens do not split into " + b + " equal sequences.", a.span("sequences"));
      }
      TensorValue perSeq = ops.reshape(probs, List.of(Dim.of(b), Dim.of(-1), probs.shape().dim(1)));
      parts.add(ops.reduce(Op.MEAN, perSeq, new int[] {1}, false));
    }
    if (parts.isEmpty()) {
      throw ctx.error("E0111", "routing_embedding needs at least one routing.", a.span("routings"));
    }
    return parts.size() == 1 ? parts.get(0) : ops.concat(parts, 1);
  }
}
