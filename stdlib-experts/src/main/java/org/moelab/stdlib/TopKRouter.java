package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * Mixtral-style top-k routing [HF transformers → modeling_mixtral.py]: {@code p = softmax(x Wgᵀ)}
 * in f32, the top-k of p (ties to the lower index), and, with {@code renorm}, {@code w ← w / Σw}.
 *
 * @param gate the gate, {@code [E, d]} weight
 * @param k experts per token
 * @param renorm renormalise the selected probabilities to sum to one
 */
public record TopKRouter(LinearLayer gate, long k, boolean renorm) implements Router {

  @Override
  public Routing route(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue logits = ops.cast(gate.apply(ctx, x), DType.F32);
    TensorValue probs = ops.softmax(logits, -1);
    TensorValue indices = ops.topkIndices(probs, k, true);
    TensorValue weights = ops.gather(probs, -1, indices);
    if (renorm) {
      weights = ops.binary(Op.DIV, weights, ops.reduce(Op.SUM, weights, new int[] {-1}, true));
    }
    return new Routing(logits, probs, indices, weights);
  }

  @Override
  public Dim experts() {
    return gate.dOut();
  }

  @Override
  public Map<String, TensorValue> parameters() {
    return Map.of("gate", gate.weight());
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("k", Value.of(k));
    s.put("renorm", Value.of(renorm));
    return s;
  }

  @Override
  public String typeName() {
    return "router topk[E=" + experts() + ", k=" + k + (renorm ? ", renorm" : "") + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
