package org.moelab.stdlib;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * The sparse MoE lowering: sort the T·k (token, expert) slots by expert, run one GEMM per expert
 * on its contiguous slice ({@code SEGMENT_MATMUL}), weight the rows and scatter-add them back.
 * Cost grows with T·k, never with T·E; an expert with no tokens costs nothing.
 */
final class SparseDispatch {
  private SparseDispatch() {}

  /**
   * The slots of a routing, sorted by expert.
   *
   * @param tokens token index of each sorted slot {@code [T·k]}
   * @param weights combine weight of each sorted slot {@code [T·k]}
   * @param offsets start of each expert's slice {@code [E + 1]}
   */
  record Plan(TensorValue tokens, TensorValue weights, TensorValue offsets) {}

  static Plan plan(CallContext ctx, Routing routing, Dim experts) {
    TensorOps ops = ctx.ops();
    TensorValue idx = routing.indices();
    Dim t = idx.shape().dim(0);
    Dim k = idx.shape().dim(1);
    Dim slots = Dim.times(t, k);
    TensorValue flatExperts = ops.reshape(idx, List.of(slots));
    TensorValue order = ops.argsort(flatExperts, false);
    TensorValue tokenOfSlot = ops.reshape(
        ops.expand(ops.reshape(ops.arange(t, DType.I64), List.of(t, Dim.of(1))), org.moelab.types.SymShape.of(List.of(t, k))),
        List.of(slots));
    TensorValue tokens = ops.indexSelect(tokenOfSlot, 0, order);
    TensorValue weights = ops.indexSelect(ops.reshape(routing.weights(), List.of(slots)), 0, order);
    long e = experts instanceof Dim.Fixed f ? f.size() : 1;
    TensorValue counts = ops.bincount(flatExperts, e);
    TensorValue offsets = ops.concat(List.of(ops.full(org.moelab.types.SymShape.fixed(1), 0, DType.I64),
        ops.cumsum(counts, 0)), 0);
    return new Plan(tokens, weights, offsets);
  }

  /** Gathers the tokens' rows in slot order: {@code [T·k, d]}. */
  static TensorValue gather(CallContext ctx, TensorValue x, Plan plan) {
    return ctx.ops().indexSelect(x, 0, plan.tokens());
  }

  /** Weights each slot's output row and sums the rows back into {@code [T, d_out]}. */
  static TensorValue combine(CallContext ctx, TensorValue slotOutputs, Plan plan, Dim tokens) {
    TensorOps ops = ctx.ops();
    TensorValue w = ops.unsqueeze(ops.cast(plan.weights(), slotOutputs.dtype()), 1);
    TensorValue weighted = ops.binary(Op.MUL, slotOutputs, w);
    TensorValue zeros = ops.full(org.moelab.types.SymShape.of(List.of(tokens, slotOutputs.shape().dim(1))), 0,
        slotOutputs.dtype());
    return ops.indexAdd(zeros, 0, plan.tokens(), weighted);
  }
}
