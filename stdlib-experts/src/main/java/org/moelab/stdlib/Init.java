package org.moelab.stdlib;

import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** Parameter initialisation, matching PyTorch's {@code nn.Linear}: U(−1/√fan_in, 1/√fan_in). */
final class Init {
  private Init() {}

  /** A {@code [rows, fanIn]} weight drawn with the given seed. */
  static TensorValue uniform(CallContext ctx, Dim rows, Dim fanIn, long seed) {
    double bound = fanIn instanceof Dim.Fixed f ? 1.0 / Math.sqrt(f.size()) : 1.0;
    return ctx.ops().randomUniform(SymShape.of(java.util.List.of(rows, fanIn)), seed, -bound, bound, DType.F32);
  }

  /** A {@code [n]} bias with fan-in {@code fanIn}. */
  static TensorValue bias(CallContext ctx, Dim n, Dim fanIn, long seed) {
    double bound = fanIn instanceof Dim.Fixed f ? 1.0 / Math.sqrt(f.size()) : 1.0;
    return ctx.ops().randomUniform(SymShape.of(java.util.List.of(n)), seed, -bound, bound, DType.F32);
  }

  /**
   * A zero-initialised parameter (LoRA's B). Each call gives a distinct tensor: a plain zero fill
   * would be one shared graph node for every adapter of the same shape, and training would then tie
   * parameters that only start equal.
   */
  static TensorValue zeros(CallContext ctx, SymShape shape) {
    if (ctx.isChecking() || !shape.isConcrete()) {
      return ctx.ops().full(shape, 0, DType.F32);
    }
    org.moelab.tensor.Shape s = shape.toShape();
    return ctx.constant(DType.F32, s.dims(), new double[Math.toIntExact(s.size())], "zeros");
  }
}
