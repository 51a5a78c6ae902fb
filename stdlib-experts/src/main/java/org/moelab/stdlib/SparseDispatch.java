package org.moelab.stdlib;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * The sparse MoE lowering: sort the used (token, expert) slots by expert, run one GEMM per expert
 * on its contiguous slice ({@code SEGMENT_MATMUL}), weight the rows and scatter-add them back.
 * Cost grows with the slots used (T·k for top-k), never with T·E; an expert with no tokens costs
 * nothing.
 */
final class SparseDispatch {
  private SparseDispatch() {}

  /**
   * The slots sorted by expert.
   *
   * @param tokens token index of each sorted slot
   * @param weights combine weight of each sorted slot
   * @param offsets start of each expert's slice {@code [E + 1]}
   */
  record Plan(TensorValue tokens, TensorValue weights, TensorValue offsets) {}

  static Plan plan(CallContext ctx, Slots slots, long experts) {
    TensorOps ops = ctx.ops();
    TensorValue order = ops.argsort(slots.expert(), false);
    TensorValue tokens = ops.indexSelect(slots.token(), 0, order);
    TensorValue weights = ops.indexSelect(slots.weight(), 0, order);
    TensorValue counts = ops.bincount(slots.expert(), experts);
    TensorValue offsets = ops.concat(List.of(ops.full(SymShape.fixed(1), 0, DType.I64), ops.cumsum(counts, 0)), 0);
    return new Plan(tokens, weights, offsets);
  }

  /** Gathers the tokens' rows in slot order. */
  static TensorValue gather(CallContext ctx, TensorValue x, Plan plan) {
    return ctx.ops().indexSelect(x, 0, plan.tokens());
  }

  /** Weights each slot's output row and sums the rows back into {@code [T, d_out]}. */
  static TensorValue combine(CallContext ctx, TensorValue slotOutputs, Plan plan, Dim tokens) {
    TensorOps ops = ctx.ops();
    TensorValue w = ops.unsqueeze(ops.cast(plan.weights(), slotOutputs.dtype()), 1);
    TensorValue weighted = ops.binary(Op.MUL, slotOutputs, w);
    TensorValue zeros = ops.full(SymShape.of(List.of(tokens, slotOutputs.shape().dim(1))), 0, slotOutputs.dtype());
    return ops.indexAdd(zeros, 0, plan.tokens(), weighted);
  }
}
