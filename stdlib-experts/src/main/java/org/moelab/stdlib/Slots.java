package org.moelab.stdlib;

import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Routed (token, expert, weight) triples, one per slot, all {@code [N]}.
 *
 * @param token token index of each slot (i64)
 * @param expert expert index of each slot (i64)
 * @param weight combine weight of each slot
 * @param active 1 on used slots, or null when all are used (after {@link #compact}, always null)
 */
public record Slots(TensorValue token, TensorValue expert, TensorValue weight, TensorValue active) {

  /**
   * Keeps only the active slots, so dispatch cost follows the slots actually used. The mask is
   * data, so it is read while running; while checking the slot count becomes unknown.
   */
  Slots compact(CallContext ctx) {
    if (active == null) {
      return this;
    }
    TensorOps ops = ctx.ops();
    if (ctx.isChecking() || active.isAbstract()) {
      var unknown = org.moelab.types.SymShape.of(java.util.List.of(org.moelab.types.Dim.any()));
      return new Slots(TensorOps.abstractTensor(unknown, DType.I64), TensorOps.abstractTensor(unknown, DType.I64),
          TensorOps.abstractTensor(unknown, weight.dtype()), null);
    }
    double[] mask = ctx.host(active).toDoubleArray();
    long[] keep = new long[mask.length];
    int n = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] != 0) {
        keep[n++] = i;
      }
    }
    TensorValue positions = ops.constant(HostTensor.ofLongs(Shape.of(n), java.util.Arrays.copyOf(keep, n)), "active slots");
    return new Slots(ops.indexSelect(token, 0, positions), ops.indexSelect(expert, 0, positions),
        ops.indexSelect(weight, 0, positions), null);
  }
}
