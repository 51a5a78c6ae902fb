package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;

/**
 * E SwiGLU experts of equal shape with their weights stacked once, transposed for grouped GEMMs:
 * {@code w1t, w3t [E, d, f]}, {@code w2t [E, f, d]}.
 *
 * @param w1t stacked gate projections
 * @param w3t stacked up projections
 * @param w2t stacked down projections
 */
record ExpertBank(TensorValue w1t, TensorValue w3t, TensorValue w2t) {

  /** Stacks the experts' weights, or returns null when they are not all SwiGLU of equal shape. */
  static ExpertBank of(CallContext ctx, List<Callable> experts) {
    List<SwigluExpert> swiglu = new ArrayList<>();
    for (Callable c : experts) {
      if (!(c instanceof SwigluExpert s) || !s.w1().shape().equals(swiglu.isEmpty() ? s.w1().shape() : swiglu.get(0).w1().shape())) {
        return null;
      }
      swiglu.add(s);
    }
    TensorOps ops = ctx.ops();
    ExpertBank bank = new ExpertBank(
        ops.stack(swiglu.stream().map(s -> ops.transpose(s.w1())).toList(), 0),
        ops.stack(swiglu.stream().map(s -> ops.transpose(s.w3())).toList(), 0),
        ops.stack(swiglu.stream().map(s -> ops.transpose(s.w2())).toList(), 0));
    ctx.materialize(bank.w1t);
    ctx.materialize(bank.w3t);
    ctx.materialize(bank.w2t);
    return bank;
  }

  /** The experts' outputs for slots sorted by expert: {@code [T·k, d]}. */
  TensorValue apply(CallContext ctx, TensorValue xs, TensorValue offsets) {
    TensorOps ops = ctx.ops();
    TensorValue gate = ops.unary(Op.SILU, ops.segmentMatmul(xs, w1t, offsets));
    TensorValue up = ops.segmentMatmul(xs, w3t, offsets);
    return ops.segmentMatmul(ops.binary(Op.MUL, gate, up), w2t, offsets);
  }
}
