package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** Small shape helpers for stdlib graphs. */
final class Shapes {
  private Shapes() {}

  /** The size of a fixed dimension, or -1. */
  static long size(Dim d) {
    return d instanceof Dim.Fixed f ? f.size() : -1;
  }

  /**
   * Shifts the last axis right by one, filling with 0: {@code out[..., j] = x[..., j-1]},
   * {@code out[..., 0] = 0} (an exclusive prefix from an inclusive one).
   */
  static TensorValue shiftRight(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    if (!x.shape().isConcrete()) {
      return x;
    }
    int rank = x.shape().rank();
    long[] starts = new long[rank];
    long[] stops = new long[rank];
    long[] steps = new long[rank];
    List<Dim> zeroDims = new ArrayList<>(x.shape().dims());
    for (int i = 0; i < rank; i++) {
      stops[i] = size(x.shape().dim(i));
      steps[i] = 1;
    }
    stops[rank - 1] -= 1;
    zeroDims.set(rank - 1, Dim.of(1));
    TensorValue zero = ops.full(SymShape.of(zeroDims), 0, x.dtype());
    if (stops[rank - 1] == 0) {
      return zero;
    }
    return ops.concat(List.of(zero, ops.slice(x, starts, stops, steps)), rank - 1);
  }

  /** Columns {@code [from, to)} of the last axis. */
  static TensorValue lastAxis(CallContext ctx, TensorValue x, long from, long to) {
    int rank = x.shape().rank();
    long[] starts = new long[rank];
    long[] stops = new long[rank];
    long[] steps = new long[rank];
    for (int i = 0; i < rank; i++) {
      stops[i] = size(x.shape().dim(i));
      steps[i] = 1;
    }
    starts[rank - 1] = from;
    stops[rank - 1] = to;
    if (!x.shape().isConcrete()) {
      return TensorOps.abstractTensor(x.shape().with(-1, Dim.of(to - from)), x.dtype());
    }
    return ctx.ops().slice(x, starts, stops, steps);
  }
}
