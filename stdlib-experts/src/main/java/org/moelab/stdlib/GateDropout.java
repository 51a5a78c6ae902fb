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
 * Gate dropout (SiRA): in training mode each combine weight is dropped with probability
 * {@code rate} and the kept ones scaled by {@code 1 / (1 − rate)} ({@code nn.Dropout} on the gate
 * output); the mask is seeded, {@code keep = U[0, 1) ≥ rate}. Selection and capacity are unchanged.
 *
 * @param inner the router whose weights are dropped
 * @param rate the drop probability
 * @param training true to apply it
 * @param seed the mask seed
 */
public record GateDropout(Router inner, double rate, boolean training, long seed) implements Router {

  @Override
  public Routing route(CallContext ctx, TensorValue x, Dim groups) {
    Routing r = inner.route(ctx, x, groups);
    if (!training || rate == 0) {
      return r;
    }
    TensorOps ops = ctx.ops();
    TensorValue u = ops.randomUniform(r.weights().shape(), seed, 0, 1, DType.F32);
    TensorValue keep = ops.cast(ops.binaryScalar(Op.GE, u, rate, true, false), DType.F32);
    TensorValue w = ops.binaryScalar(Op.MUL, ops.binary(Op.MUL, r.weights(), keep), 1 / (1 - rate), true, false);
    return new Routing(r.logits(), r.probs(), r.indices(), w, r.active(), r.dropped(), r.gates(), r.experts(),
        r.expertChoice());
  }

  @Override
  public Dim experts() {
    return inner.experts();
  }

  @Override
  public Dim width() {
    return inner.width();
  }

  @Override
  public long k() {
    return inner.k();
  }

  @Override
  public boolean passDropped() {
    return inner.passDropped();
  }

  @Override
  public Map<String, TensorValue> parameters() {
    return inner.parameters();
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>(inner.settings());
    s.put("gate_dropout", Value.of(rate));
    return s;
  }

  @Override
  public String typeName() {
    return inner.typeName().replaceFirst("]$", ", gate_dropout=" + org.moelab.runtime.Formatting.number(rate) + "]");
  }

  @Override
  public String toString() {
    return typeName();
  }
}
