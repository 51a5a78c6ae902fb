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
 * when given. Slots claim capacity in order: every token's first choice, then every second choice,
 * and so on; within a choice rank tokens go in the overflow policy's order — sequence order (the
 * default), descending first-choice weight ({@code score}: V-MoE's batch prioritized routing; ties
 * keep sequence order) or a seeded random order ({@code random}: random token selection, priority
 * {@code U[0, 1)} from the seed, larger first). Slots past C are dropped.
 *
 * @param capacityFactor CF
 * @param minCapacity the smallest C
 * @param expertCapacity a fixed C, or 0 to compute it from CF
 * @param passDropped true for HF's option: a dropped slot passes {@code gate · x} instead of 0
 * @param overflow which tokens keep their slots when an expert overflows
 * @param seed the random priorities' seed ({@link Overflow#RANDOM})
 */
public record Capacity(double capacityFactor, long minCapacity, long expertCapacity, boolean passDropped,
    Overflow overflow, long seed) {

  /** The order in which tokens claim capacity. */
  public enum Overflow {
    /** Sequence order. */
    ORDER,
    /** Descending first-choice weight (batch prioritized routing). */
    SCORE,
    /** A seeded random order (random token selection). */
    RANDOM
  }

  /** Capacity in sequence order. */
  public Capacity(double capacityFactor, long minCapacity, long expertCapacity, boolean passDropped) {
    this(capacityFactor, minCapacity, expertCapacity, passDropped, Overflow.ORDER, 0);
  }

  /** C for groups of {@code tokensPerGroup} tokens over {@code experts} experts. */
  public long capacity(long tokensPerGroup, long experts) {
    if (expertCapacity > 0) {
      return expertCapacity;
    }
    return Math.max(Math.round(capacityFactor * tokensPerGroup / experts), minCapacity);
  }

  /**
   * 1 on slots that fit in capacity, 0 on dropped ones, for {@code indices [T, k]} over N score
   * columns with slot weights {@code weights [T, k]} (column 0 the first choice); inactive slots
   * ({@code active} 0) claim no capacity and stay 0.
   */
  public TensorValue kept(CallContext ctx, TensorValue indices, TensorValue weights, TensorValue active, long columns,
      long experts, Dim groups) {
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
    TensorValue order = overflow == Overflow.ORDER ? null : priorityOrder(ctx, weights, g, s);
    TensorValue grouped = ops.reshape(oneHot, CallContext.dims(g, s, k, columns));
    if (order != null) {
      grouped = ops.gather(grouped, 1, expanded(ctx, order, g, s, k, columns));
    }
    TensorValue rankMajor = ops.reshape(ops.permute(grouped, new int[] {0, 2, 1, 3}), CallContext.dims(g, k * s, columns));
    TensorValue position = ops.permute(ops.cumsum(ops.permute(rankMajor, new int[] {0, 2, 1}), 2), new int[] {0, 2, 1});
    TensorValue sortedBack = ops.permute(ops.reshape(position, CallContext.dims(g, k, s, columns)), new int[] {0, 2, 1, 3});
    if (order != null) {
      sortedBack = ops.gather(sortedBack, 1, expanded(ctx, ops.argsort(order, false), g, s, k, columns));
    }
    TensorValue back = ops.reshape(sortedBack, CallContext.dims(t, k, columns));
    TensorValue slotPosition = ops.reduce(Op.SUM, ops.binary(Op.MUL, back, oneHot), new int[] {-1}, false);
    long c = capacity(s, experts);
    TensorValue fits = ops.cast(ops.binaryScalar(Op.LE, slotPosition, c, true, false), DType.F32);
    TensorValue used = active != null ? active : ops.full(fits.shape(), 1.0, DType.F32);
    return ops.binary(Op.MUL, fits, used);
  }

  /** Per group, the tokens in the order they claim capacity: {@code [g, s]} i64. */
  private TensorValue priorityOrder(CallContext ctx, TensorValue weights, long g, long s) {
    TensorOps ops = ctx.ops();
    TensorValue priority = overflow == Overflow.SCORE
        ? ops.reshape(Shapes.lastAxis(ctx, ops.cast(weights, DType.F32), 0, 1), CallContext.dims(g, s))
        : ops.randomUniform(org.moelab.types.SymShape.fixed(g, s), seed, 0, 1, DType.F32);
    return ops.argsort(priority, true);
  }

  /** {@code order [g, s]} broadcast to {@code [g, s, k, columns]} for a gather along axis 1. */
  private static TensorValue expanded(CallContext ctx, TensorValue order, long g, long s, long k, long columns) {
    TensorOps ops = ctx.ops();
    TensorValue o = ops.reshape(order, CallContext.dims(g, s, 1, 1));
    return ops.expand(o, org.moelab.types.SymShape.fixed(g, s, k, columns));
  }

  /** For display. */
  public String describe() {
    String base = expertCapacity > 0 ? "capacity=" + expertCapacity : "capacity_factor=" + capacityFactor;
    return overflow == Overflow.ORDER ? base : base + ", overflow=" + overflow.name().toLowerCase(java.util.Locale.ROOT);
  }
}
