package org.moelab.stdlib;

import static org.moelab.runtime.Param.optional;
import static org.moelab.runtime.Param.required;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/** MoE layers that are not token-choice routing over whole experts: Soft MoE, multi-head MoE, PEER. */
final class MoeVariantBuiltins {
  private MoeVariantBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("soft_moe", "Soft MoE (vmoe): logits = l2norm(X)·l2norm(mu)·scale [m, n, p]; dispatch = softmax "
            + "over tokens, combine = softmax over the n·p slots; slots = Dᵀ X; Y = C · f(slots). Per sequence.",
            "layer", MoeVariantBuiltins::softMoe, required("experts", ParamKind.LIST, "The n experts."),
            required("mu", ParamKind.TENSOR, "Slot parameters [d, n, p]."),
            optional("scale", ParamKind.FLOAT, Value.of(1.0), "Logit scale (vmoe learns it, init 1).")),
        SimpleBuiltin.of("mh_moe", "Multi-head MoE: head projection (d → d), split into heads sub-tokens of d/heads, "
            + "route them through the inner MoE, put them back, merge projection (d → d).", "layer",
            MoeVariantBuiltins::mhMoe, required("inner", ParamKind.ANY, "An MoE layer over width d/heads."),
            required("heads", ParamKind.INT, "Sub-tokens per token."),
            required("head", ParamKind.ANY, "The multi-head layer: linear(d, d) or its weight [d, d]."),
            required("merge", ParamKind.ANY, "The merge layer: linear(d, d) or its weight [d, d].")),
        SimpleBuiltin.of("peer", "PEER: product-key retrieval over N = n² single-neuron experts act(u·x)·v; per head "
            + "the top product_topk sub-keys of each query half, then the top k pairs; y = Σ softmax(score)·act(u·x)·v.",
            "layer", MoeVariantBuiltins::peer,
            required("query", ParamKind.ANY, "Query projection [2·heads·d_k, d] (layout: half, head, d_k)."),
            required("keys", ParamKind.TENSOR, "Sub-keys [heads, n, 2, d_k]."),
            required("down", ParamKind.TENSOR, "Expert input vectors u [n², d]."),
            required("up", ParamKind.TENSOR, "Expert output vectors v [n², d]."),
            optional("k", ParamKind.INT, Value.of(16L), "Experts per head."),
            optional("product_topk", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Sub-keys kept per half (default k)."),
            optional("activation", ParamKind.STR, Value.of("gelu"), "relu, gelu or silu.")));
  }

  private static Value softMoe(CallContext ctx, BoundArgs a) {
    List<Callable> experts = StdArgs.experts(ctx, a, "experts");
    TensorValue mu = a.tensor("mu");
    if (experts == null) {
      return UnknownValue.ANY;
    }
    if (experts.isEmpty()) {
      throw ctx.error("E0111", "soft_moe needs at least one expert.", a.span("experts"));
    }
    if (mu.shape().hasRank() && (mu.shape().rank() != 3
        || Dim.unify(mu.shape().dim(1), Dim.of(experts.size())) == null)) {
      throw ctx.error("E0201", "mu must have shape [d, " + experts.size() + ", p] (d, experts, slots per expert), got "
          + mu.shape() + ".", a.span("mu"), "Give one column block of p slots per expert.");
    }
    double scale = a.real("scale");
    return new SoftMoeLayer(experts, mu, scale);
  }

  private static Value mhMoe(CallContext ctx, BoundArgs a) {
    Value inner = a.get("inner");
    if (inner instanceof UnknownValue) {
      return UnknownValue.ANY;
    }
    if (!(inner instanceof Callable c)) {
      throw ctx.error("E0104", "inner must be an MoE layer, got " + inner.typeName() + ".", a.span("inner"));
    }
    long heads = StdArgs.atLeast(ctx, a, "heads", 1, "Use at least one head.");
    LinearLayer head = layer(ctx, a, "head");
    LinearLayer merge = layer(ctx, a, "merge");
    long d = Shapes.size(head.dOut());
    if (d > 0 && d % heads != 0) {
      throw ctx.error("E0111", "heads = " + heads + " does not divide the width d = " + d + ".", a.span("heads"),
          "Choose a divisor of " + d + ".");
    }
    return new MultiHeadMoe(c, heads, head, merge);
  }

  private static LinearLayer layer(CallContext ctx, BoundArgs a, String name) {
    LinearLayer l = a.get(name) instanceof LinearLayer given ? given : StdArgs.gate(ctx, a, name);
    if (Dim.unify(l.dIn(), l.dOut()) == null) {
      throw ctx.error("E0201", name + " must map d to d, got " + l.dIn() + " -> " + l.dOut() + ".", a.span(name));
    }
    return l;
  }

  private static Value peer(CallContext ctx, BoundArgs a) {
    LinearLayer query = a.get("query") instanceof LinearLayer l ? l : StdArgs.gate(ctx, a, "query");
    TensorValue keys = a.tensor("keys");
    TensorValue down = a.tensor("down");
    TensorValue up = a.tensor("up");
    if (keys.shape().hasRank() && (keys.shape().rank() != 4 || !keys.shape().dim(2).is(2))) {
      throw ctx.error("E0201", "keys must have shape [heads, n, 2, d_k], got " + keys.shape() + ".", a.span("keys"));
    }
    long n = keys.shape().hasRank() ? Shapes.size(keys.shape().dim(1)) : -1;
    for (String name : List.of("down", "up")) {
      TensorValue t = a.tensor(name);
      if (n > 0 && t.shape().hasRank() && (t.shape().rank() != 2 || Dim.unify(t.shape().dim(0), Dim.of(n * n)) == null)) {
        throw ctx.error("E0201", name + " must have shape [n² = " + n * n + ", d], got " + t.shape() + ".", a.span(name),
            "PEER has one expert per pair of sub-keys.");
      }
    }
    long product = a.isNone("product_topk") ? a.integer("k", 1) : a.integer("product_topk", 1);
    if (n > 0 && (product < 1 || product > n)) {
      throw ctx.error("E0111", "product_topk = " + product + " must be between 1 and the " + n + " sub-keys.",
          a.span(a.isNone("product_topk") ? "k" : "product_topk"), "Set product_topk to at most " + n + ".");
    }
    long k = RouterBuiltins.checkK(ctx, a, "k", product * product);
    if (keys.shape().hasRank() && Dim.unify(query.dOut(), Dim.times(Dim.times(Dim.of(2), keys.shape().dim(0)),
        keys.shape().dim(3))) == null) {
      throw ctx.error("E0201", "query must output 2·heads·d_k = " + Dim.times(Dim.times(Dim.of(2), keys.shape().dim(0)),
          keys.shape().dim(3)) + " values, got " + query.dOut() + ".", a.span("query"));
    }
    return new PeerLayer(query, keys, down, up, k, product, activation(ctx, a));
  }

  private static Op activation(CallContext ctx, BoundArgs a) {
    String act = a.string("activation") == null ? "gelu" : a.string("activation");
    switch (act) {
      case "relu":
        return Op.RELU;
      case "gelu":
        return Op.GELU;
      case "silu":
        return Op.SILU;
      default:
        throw ctx.error("E0111", "Unknown activation \"" + act + "\".", a.span("activation"), "Use relu, gelu or silu.");
    }
  }
}
