package org.moelab.stdlib;

import java.util.List;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.types.Dim;
import org.moelab.types.ShapeError;

/** Flattening {@code [B, S, d]} inputs to {@code [T, d]} token matrices and back. */
final class Tokens {
  private Tokens() {}

  /** {@code [..., d]} as {@code [T, d]}. */
  static TensorValue flatten(CallContext ctx, TensorValue x) {
    if (!x.shape().hasRank()) {
      return x;
    }
    if (x.shape().rank() < 1) {
      throw new ShapeError("Tokens must have a feature dimension; got a scalar.");
    }
    if (x.shape().rank() == 2) {
      return x;
    }
    return ctx.ops().reshape(x, List.of(Dim.of(-1), x.shape().dim(-1)));
  }

  /** Token ids of any shape as a flat {@code [T]} i64 vector, or null. */
  static TensorValue ids(CallContext ctx, TensorValue ids) {
    if (ids == null) {
      return null;
    }
    TensorValue flat = ids.shape().hasRank() && ids.shape().rank() == 1 ? ids
        : ctx.ops().reshape(ids, List.of(Dim.of(-1)));
    return ctx.ops().cast(flat, org.moelab.tensor.DType.I64);
  }

  /** Capacity groups: one per sequence of a {@code [B, S, d]} input, one for {@code [T, d]}. */
  static Dim groups(TensorValue x) {
    if (!x.shape().hasRank() || x.shape().rank() <= 2) {
      return Dim.of(1);
    }
    Dim g = x.shape().dim(0);
    for (int i = 1; i < x.shape().rank() - 2; i++) {
      g = Dim.times(g, x.shape().dim(i));
    }
    return g;
  }

  /** {@code [T, d']} back to the leading shape of {@code like}, with last dimension d'. */
  static TensorValue unflatten(CallContext ctx, TensorValue y, TensorValue like) {
    if (!like.shape().hasRank() || like.shape().rank() == 2) {
      return y;
    }
    var dims = new java.util.ArrayList<>(like.shape().dims());
    dims.set(dims.size() - 1, y.shape().dim(-1));
    return ctx.ops().reshape(y, dims);
  }
}
