package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;
import static org.moelab.runtime.Param.required;

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
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** MoErging routers over adapters: PHATGOOSE, GLIDER, Arrow, and the text embedding they use. */
final class MoergingBuiltins {
  private MoergingBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("phatgoose", "PHATGOOSE routing [mttl]: logits LN(x)·LN(v_e)/√d from per-expert gate "
            + "vectors, top-k, softmax over the chosen.", "router", MoergingBuiltins::phatgoose,
            required("gates", ParamKind.TENSOR, "One gate vector per expert [E, d]."),
            optional("k", ParamKind.INT, Value.of(2L), "Experts per token.")),
        SimpleBuiltin.of("glider", "GLIDER routing [UNITES-Lab/glider]: LN(x)·v_e·√(1/d) + alpha·cos(embed(card_e), "
            + "embed(instruction)) → softmax → top-k → w/(Σw + 1e-6). alpha = 0 is PHATGOOSE with raw gate vectors.",
            "router", MoergingBuiltins::glider,
            required("gates", ParamKind.TENSOR, "PHATGOOSE gate vectors [E, d]."),
            required("cards", ParamKind.LIST, "Each expert's task instruction."),
            required("instruction", ParamKind.STR, "The instruction of the input."),
            optional("alpha", ParamKind.FLOAT, Value.of(3.0), "Weight of the global score (3 held-out, 100 held-in)."),
            optional("k", ParamKind.INT, Value.of(2L), "Experts per token."),
            optional("dim", ParamKind.INT, Value.of(384L), "Width of the hashed n-gram embedding.")),
        SimpleBuiltin.of("arrow", "Arrow routing: prototypes v_e = top right-singular vector of each adapter's B A; "
            + "logits |x·v_e|/temperature, top-k, softmax over the chosen.", "router", MoergingBuiltins::arrow,
            required("adapters", ParamKind.LIST, "LoRA experts."),
            optional("k", ParamKind.INT, Value.of(1L), "Experts per token."),
            optional("temperature", ParamKind.FLOAT, Value.of(1.0), "Divides the logits.")),
        SimpleBuiltin.of("embed", "A deterministic text embedding (hashed character 3- and 4-grams, L2-normalised).",
            "tensor", MoergingBuiltins::embed, required("text", ParamKind.STR, "The text."),
            optional("dim", ParamKind.INT, Value.of(384L), "Width.")),
        SimpleBuiltin.of("cosine", "Cosine similarity along the last axis (broadcast).", "tensor",
            (ctx, a) -> cosine(ctx, a.tensor("a"), a.tensor("b")), required("a", ParamKind.TENSOR, "Left."),
            required("b", ParamKind.TENSOR, "Right.")));
  }

  private static TensorValue gates(CallContext ctx, BoundArgs a) {
    TensorValue g = a.tensor("gates");
    if (g.shape().hasRank() && g.shape().rank() != 2) {
      throw ctx.error("E0201", "gates must have shape [E, d], got " + g.shape() + ".", a.span("gates"));
    }
    return g;
  }

  private static Value phatgoose(CallContext ctx, BoundArgs a) {
    TensorValue g = gates(ctx, a);
    long e = Shapes.size(g.shape().hasRank() ? g.shape().dim(0) : Dim.any());
    long k = RouterBuiltins.checkK(ctx, a, "k", e);
    return new ComposedRouter("phatgoose", new PrototypeScore(PrototypeScore.Kind.PHATGOOSE, g, null, 1.0),
        Activation.NONE, 1.0, null, new Selection.TopK(k), new Normalization(Normalization.Kind.SOFTMAX, 0, 1), null, e);
  }

  private static Value glider(CallContext ctx, BoundArgs a) {
    TensorValue g = gates(ctx, a);
    long e = Shapes.size(g.shape().hasRank() ? g.shape().dim(0) : Dim.any());
    List<Value> cards = a.list("cards");
    if (e >= 0 && !a.isUnknown("cards") && cards.size() != e) {
      throw ctx.error("E0201", cards.size() + " cards for " + e + " experts.", a.span("cards"), "Give one task instruction per expert.");
    }
    long k = RouterBuiltins.checkK(ctx, a, "k", e);
    double alpha = StdArgs.real(ctx, a, "alpha", 0, true, Double.POSITIVE_INFINITY, "Use alpha ≥ 0.");
    int dim = (int) StdArgs.atLeast(ctx, a, "dim", 1, "Use a positive width.");
    TensorValue global = null;
    if (alpha != 0 && a.string("instruction") != null && !a.isUnknown("cards")) {
      TextEmbedder embedder = new HashedNgramEmbedder(dim);
      float[] query = embedder.embed(a.string("instruction"));
      double[] scores = new double[cards.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = alpha * cosine(embedder.embed(String.valueOf(cards.get(i))), query);
      }
      global = ctx.constant(DType.F32, new long[] {scores.length}, scores, "glider global score");
    }
    return new ComposedRouter("glider", new PrototypeScore(PrototypeScore.Kind.GLIDER, g, global, 1.0), Activation.SOFTMAX,
        1.0, null, new Selection.TopK(k), new Normalization(Normalization.Kind.RENORM, 1e-6, 1), null, e);
  }

  private static Value arrow(CallContext ctx, BoundArgs a) {
    List<LoraExpert> adapters = LoraBuiltins.adapters(ctx, a, "adapters");
    if (adapters == null) {
      return UnknownValue.ANY;
    }
    long e = adapters.size();
    long k = RouterBuiltins.checkK(ctx, a, "k", e);
    double t = StdArgs.real(ctx, a, "temperature", 0, false, Double.POSITIVE_INFINITY, "Use a positive temperature.");
    Dim d = adapters.get(0).a().shape().dim(1);
    TensorValue prototypes;
    if (ctx.isChecking() || !(d instanceof Dim.Fixed width)) {
      prototypes = TensorOps.abstractTensor(SymShape.of(List.of(Dim.of(e), d)), DType.F32);
    } else {
      double[] all = new double[(int) (e * width.size())];
      for (int i = 0; i < e; i++) {
        HostTensor delta = ctx.host(adapters.get(i).delta(ctx));
        double[] v = Svd.topRightSingularVector(delta.cast(DType.F64).toDoubleArray(), (int) delta.shape().dims()[0],
            (int) width.size());
        System.arraycopy(v, 0, all, (int) (i * width.size()), v.length);
      }
      prototypes = ctx.ops().constant(HostTensor.fromDoubles(DType.F32, Shape.of(e, width.size()), all), "arrow prototypes");
    }
    return new ComposedRouter("arrow", new PrototypeScore(PrototypeScore.Kind.ARROW, prototypes, null, t), Activation.NONE,
        1.0, null, new Selection.TopK(k), new Normalization(Normalization.Kind.SOFTMAX, 0, 1), null, e);
  }

  private static Value embed(CallContext ctx, BoundArgs a) {
    int dim = (int) StdArgs.atLeast(ctx, a, "dim", 1, "Use a positive width.");
    if (a.string("text") == null) {
      return TensorOps.abstractTensor(SymShape.fixed(dim), DType.F32);
    }
    float[] v = new HashedNgramEmbedder(dim).embed(a.string("text"));
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return ctx.constant(DType.F32, new long[] {dim}, d, "embedding");
  }

  static TensorValue cosine(CallContext ctx, TensorValue x, TensorValue y) {
    TensorOps ops = ctx.ops();
    TensorValue dot = ops.reduce(Op.SUM, ops.binary(Op.MUL, x, y), new int[] {-1}, false);
    TensorValue nx = ops.unary(Op.SQRT, ops.reduce(Op.SUM, ops.binary(Op.MUL, x, x), new int[] {-1}, false));
    TensorValue ny = ops.unary(Op.SQRT, ops.reduce(Op.SUM, ops.binary(Op.MUL, y, y), new int[] {-1}, false));
    return ops.binary(Op.DIV, dot, ops.binaryScalar(Op.MAXIMUM, ops.binary(Op.MUL, nx, ny), 1e-12, true, false));
  }

  static double cosine(float[] x, float[] y) {
    double dot = 0;
    double nx = 0;
    double ny = 0;
    for (int i = 0; i < x.length; i++) {
      dot += x[i] * y[i];
      nx += x[i] * x[i];
      ny += y[i] * y[i];
    }
    return nx == 0 || ny == 0 ? 0 : dot / Math.sqrt(nx * ny);
  }
}
