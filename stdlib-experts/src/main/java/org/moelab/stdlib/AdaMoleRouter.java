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
 * AdaMoLE's adaptive-threshold routing [zefang-liu/AdaMoLE → AdaMoleLayer]: p = softmax(W_g x);
 * a threshold network gives {@code τ(x) = sigmoid(w_t · x + b_t) · max_threshold}
 * (max_threshold = 1/E by default); experts with {@code p_e − τ ≥ 0} are used with weights
 * {@code (p_e − τ) / Σ (p − τ)} over the used ones (a zero sum divides by 1).
 *
 * @param gate the gate over the LoRA experts
 * @param threshold the threshold network (one output, with bias)
 * @param maxThreshold the threshold's ceiling
 * @param expertCount E
 */
public record AdaMoleRouter(LinearLayer gate, LinearLayer threshold, double maxThreshold, long expertCount)
    implements Router {

  @Override
  public Routing route(CallContext ctx, TensorValue x, Dim groups) {
    TensorOps ops = ctx.ops();
    TensorValue xs = ops.cast(x, DType.F32);
    TensorValue logits = new Score.Linear(gate).logits(ctx, xs);
    TensorValue probs = ops.softmax(logits, -1);
    TensorValue tau = ops.binaryScalar(Op.MUL, ops.unary(Op.SIGMOID, new Score.Linear(threshold).logits(ctx, xs)),
        maxThreshold, true, false);
    TensorValue adapted = ops.binary(Op.SUB, probs, tau);
    TensorValue used = ops.cast(ops.binaryScalar(Op.GE, adapted, 0, true, false), DType.F32);
    TensorValue w = ops.binary(Op.MUL, adapted, used);
    TensorValue sum = ops.reduce(Op.SUM, w, new int[] {-1}, true);
    TensorValue safe = ops.where(ops.binaryScalar(Op.EQ, sum, 0, true, false), ops.scalar(1.0, DType.F32), sum);
    return DenseRouter.routing(ctx, logits, probs, ops.binary(Op.DIV, w, safe), expertCount);
  }

  @Override
  public Dim experts() {
    return Dim.of(expertCount);
  }

  @Override
  public Dim width() {
    return gate.dIn();
  }

  @Override
  public long k() {
    return expertCount;
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    gate.parameters().forEach((k, v) -> p.put("gate." + k, v));
    threshold.parameters().forEach((k, v) -> p.put("threshold." + k, v));
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("num_experts", Value.of(expertCount));
    s.put("max_threshold", Value.of(maxThreshold));
    return s;
  }

  @Override
  public String typeName() {
    return "router adamole[E=" + expertCount + ", max_threshold=" + org.moelab.runtime.Formatting.number(maxThreshold) + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
