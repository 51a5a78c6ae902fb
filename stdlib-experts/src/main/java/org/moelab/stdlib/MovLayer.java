package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * Mixture of IA³ vectors [MoV, Zadouri et al. 2023]: {@code y = (W x) ⊙ Σ_e p_e(x) ℓ_e} with the
 * routing weights p of the layer input (a dense softmax by default) and one IA³ scaling vector
 * {@code ℓ_e [d_out]} per expert (initialised to ones). The vectors merge before they scale.
 *
 * @param base the frozen layer W
 * @param vectors the IA³ vectors {@code [E, d_out]}
 * @param router routes the layer input over the vectors
 */
public record MovLayer(LinearLayer base, TensorValue vectors, Router router) implements Component {

  @Override
  public Value call(CallContext ctx, Args args) {
    TensorValue x = Components.singleTensor(ctx, args, "MoV layer");
    TensorValue tokens = Tokens.flatten(ctx, x);
    TensorOps ops = ctx.ops();
    TensorValue dense = router.route(ctx, tokens, Tokens.groups(x)).dense(ctx, tokens.shape().dim(0));
    TensorValue scale = ops.matmul(dense, ops.cast(vectors, dense.dtype()));
    TensorValue h = base.apply(ctx, tokens);
    return Tokens.unflatten(ctx, ops.binary(Op.MUL, h, ops.cast(scale, h.dtype())), x);
  }

  @Override
  public String kind() {
    return "layer";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    base.parameters().forEach((k, v) -> p.put("base." + k, v));
    router.parameters().forEach((k, v) -> p.put("router." + k, v));
    p.put("vectors", vectors);
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("gate", router);
    s.put("num_experts", Value.of(Shapes.size(vectors.shape().dim(0))));
    return s;
  }

  @Override
  public String typeName() {
    return "layer mov[E=" + vectors.shape().dim(0) + ", " + base.dIn() + " -> " + base.dOut() + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
