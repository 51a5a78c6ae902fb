package org.moelab.stdlib;

import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * The capacity primitive of a token-choice router [HF → modeling_switch_transformers.py; ST-MoE].
 * Capacity is counted per group (one sequence of a {@code [B, S, d]} input, or all T tokens of a
 * {@code [T, d]} input): {@code C = max(round(CF · S / E), min_capacity)}, or {@code expert_capacity}
 * when given. Slots claim capacity in order: every token's first choice in sequence order, then
 * every second choice, and so on; slots past C are dropped.
 *
 * @param capacityFactor CF
 * @param minCapacity the smallest C
 * @param expertCapacity a fixed C, or 0 to compute it from CF
 * @param passDropped true for HF's option: a dropped slot passes {@code gate · x} instead of 0
 */
public record Capacity(double capacityFactor, long minCapacity, long expertCapacity, boolean passDropped) {

  /** C for groups of {@code tokensPerGroup} tokens over {@code experts} experts. */
  public long capacity(long tokensPerGroup, long experts) {
    if (expertCapacity > 0) {
      return expertCapacity;
    }
    return Math.max(Math.round(capacityFactor * tokensPerGroup / experts), minCapacity);
  }

  /**
   * 1 on slots that fit in capacity, 0 on dropped ones, for {@code indices [T, k]} over N score
   * columns; inactive slots ({@code active} 0) claim no capacity and stay 0.
   */
  public TensorValue kept(CallContext ctx, TensorValue indices, TensorValue active, long columns, long experts, Dim groups) {
    TensorOps ops = ctx.ops();
    long t = Shapes.size(indices.shape().dim(0));
    long k = Shapes.size(indices.shape().dim(1));
    long g = Shapes.size(groups);
    if (t < 0 || k < 0 || g < 0) {
      return TensorOps.abstractTensor(indices.shape(), DType.F32);
    }
    long s = t / g;
    TensorValue oneHot = ops.oneHot(indices, columns, DType.F32);
    if (active != null) {
      oneHot = ops.binary(Op.MUL, oneHot, ops.unsqueeze(active, -1));
    }
    TensorValue rankMajor = ops.reshape(ops.permute(ops.reshape(oneHot, CallContext.dims(g, s, k, columns)),
        new int[] {0, 2, 1, 3}), CallContext.dims(g, k * s, columns));
    TensorValue position = ops.permute(ops.cumsum(ops.permute(rankMajor, new int[] {0, 2, 1}), 2), new int[] {0, 2, 1});
    TensorValue back = ops.reshape(ops.permute(ops.reshape(position, CallContext.dims(g, k, s, columns)),
        new int[] {0, 2, 1, 3}), CallContext.dims(t, k, columns));
    TensorValue slotPosition = ops.reduce(Op.SUM, ops.binary(Op.MUL, back, oneHot), new int[] {-1}, false);
    long c = capacity(s, experts);
    TensorValue fits = ops.cast(ops.binaryScalar(Op.LE, slotPosition, c, true, false), DType.F32);
    TensorValue used = active != null ? active : ops.full(fits.shape(), 1.0, DType.F32);
    return ops.binary(Op.MUL, fits, used);
  }

  /** For display. */
  public String describe() {
    return expertCapacity > 0 ? "capacity=" + expertCapacity : "capacity_factor=" + capacityFactor;
  }

}
