package org.moelab.stdlib;

import java.util.List;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** Building a routing from dense per-token weights {@code [T, E]}: every expert is a slot. */
final class DenseRouter {
  private DenseRouter() {}

  /** The routing whose weights are {@code weights [T, E]}, with slots in expert order. */
  static Routing routing(CallContext ctx, TensorValue logits, TensorValue probs, TensorValue weights, long experts) {
    TensorOps ops = ctx.ops();
    Dim t = weights.shape().hasRank() ? weights.shape().dim(0) : Dim.any();
    TensorValue idx = ops.expand(ops.unsqueeze(ops.arange(Dim.of(experts), DType.I64), 0),
        SymShape.of(List.of(t, Dim.of(experts))));
    return Routing.tokenChoice(logits, probs, idx, weights, experts);
  }
}
