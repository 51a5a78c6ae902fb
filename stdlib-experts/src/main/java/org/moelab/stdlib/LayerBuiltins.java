package org.moelab.stdlib;

import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/** Dense building blocks: linear layers and SwiGLU experts, fresh or from given weights. */
final class LayerBuiltins {
  private LayerBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("linear", "A linear layer y = x Wᵀ (+ b), W [d_out, d_in], initialised like torch.nn.Linear.",
            "layer", LayerBuiltins::linear,
            Param.required("d_in", ParamKind.INT, "Input width."), Param.required("d_out", ParamKind.INT, "Output width."),
            Param.optional("bias", ParamKind.BOOL, Value.of(false), "Add a bias."),
            Param.optional("seed", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Init seed; none draws the session's next.")),
        SimpleBuiltin.of("linear_from", "A linear layer with given weight [d_out, d_in] and optional bias [d_out].",
            "layer", (ctx, a) -> new LinearLayer(matrix(ctx, a, "weight"), a.isNone("bias") ? null : a.tensor("bias")),
            Param.required("weight", ParamKind.TENSOR, "Weight [d_out, d_in]."),
            Param.optional("bias", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Bias [d_out].")),
        SimpleBuiltin.of("swiglu", "A SwiGLU expert W2(silu(W1 x) ⊙ W3 x) (Mixtral's expert MLP), fresh weights.",
            "expert", LayerBuiltins::swiglu,
            Param.required("d", ParamKind.INT, "Model width."), Param.required("f", ParamKind.INT, "Hidden width."),
            Param.optional("seed", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Init seed; none draws the session's next.")),
        SimpleBuiltin.of("swiglu_from", "A SwiGLU expert from weights w1 [f, d], w2 [d, f], w3 [f, d] (HF Mixtral names).",
            "expert", LayerBuiltins::swigluFrom,
            Param.required("w1", ParamKind.TENSOR, "Gate projection [f, d]."),
            Param.required("w2", ParamKind.TENSOR, "Down projection [d, f]."),
            Param.required("w3", ParamKind.TENSOR, "Up projection [f, d].")),
        SimpleBuiltin.of("mlp_from", "A two-layer expert w_out · act(w_in x) (Switch Transformers' wi/wo), from weights.",
            "expert", LayerBuiltins::mlpFrom,
            Param.required("w_in", ParamKind.TENSOR, "Input projection [f, d]."),
            Param.required("w_out", ParamKind.TENSOR, "Output projection [d, f]."),
            Param.optional("activation", ParamKind.STR, Value.of("relu"), "relu, gelu or silu.")));
  }

  private static Value linear(CallContext ctx, BoundArgs a) {
    Dim in = StdArgs.dim(ctx, a, "d_in");
    Dim out = StdArgs.dim(ctx, a, "d_out");
    long seed = StdArgs.seed(ctx, a);
    TensorValue w = Init.uniform(ctx, out, in, seed);
    TensorValue b = a.bool("bias", false) ? Init.bias(ctx, out, in, seed + 1) : null;
    return new LinearLayer(w, b);
  }

  private static Value swiglu(CallContext ctx, BoundArgs a) {
    Dim d = StdArgs.dim(ctx, a, "d");
    Dim f = StdArgs.dim(ctx, a, "f");
    long seed = StdArgs.seed(ctx, a);
    return new SwigluExpert(Init.uniform(ctx, f, d, seed), Init.uniform(ctx, d, f, seed + 1), Init.uniform(ctx, f, d, seed + 2));
  }

  private static Value swigluFrom(CallContext ctx, BoundArgs a) {
    TensorValue w1 = matrix(ctx, a, "w1");
    TensorValue w2 = matrix(ctx, a, "w2");
    TensorValue w3 = matrix(ctx, a, "w3");
    if (!w1.shape().equals(w3.shape()) && w1.shape().isConcrete() && w3.shape().isConcrete()) {
      throw ctx.error("E0201", "w1 " + w1.shape() + " and w3 " + w3.shape() + " must have the same shape [f, d].", a.span("w3"));
    }
    if (w1.shape().hasRank() && w2.shape().hasRank()
        && (Dim.unify(w2.shape().dim(0), w1.shape().dim(1)) == null || Dim.unify(w2.shape().dim(1), w1.shape().dim(0)) == null)) {
      throw ctx.error("E0201", "w2 must have shape [d, f] = [" + w1.shape().dim(1) + ", " + w1.shape().dim(0)
          + "] to match w1 " + w1.shape() + ", got " + w2.shape() + ".", a.span("w2"));
    }
    return new SwigluExpert(w1, w2, w3);
  }

  private static Value mlpFrom(CallContext ctx, BoundArgs a) {
    TensorValue in = matrix(ctx, a, "w_in");
    TensorValue out = matrix(ctx, a, "w_out");
    if (in.shape().hasRank() && out.shape().hasRank()
        && (Dim.unify(out.shape().dim(0), in.shape().dim(1)) == null || Dim.unify(out.shape().dim(1), in.shape().dim(0)) == null)) {
      throw ctx.error("E0201", "w_out must have shape [d, f] = [" + in.shape().dim(1) + ", " + in.shape().dim(0)
          + "] to match w_in " + in.shape() + ", got " + out.shape() + ".", a.span("w_out"));
    }
    String act = a.string("activation") == null ? "relu" : a.string("activation");
    org.moelab.ir.Op op = switch (act) {
      case "relu" -> org.moelab.ir.Op.RELU;
      case "gelu" -> org.moelab.ir.Op.GELU;
      case "silu" -> org.moelab.ir.Op.SILU;
      default -> throw ctx.error("E0111", "Unknown activation \"" + act + "\".", a.span("activation"),
          "Use relu, gelu or silu.");
    };
    return new MlpExpert(in, out, op);
  }

  private static TensorValue matrix(CallContext ctx, BoundArgs a, String name) {
    TensorValue t = a.tensor(name);
    if (t.shape().hasRank() && t.shape().rank() != 2) {
      throw ctx.error("E0201", name + " must be a matrix, got shape " + t.shape() + ".", a.span(name));
    }
    return t;
  }
}
