package org.moelab.runtime;

import org.moelab.tensor.DType;

/** Type promotion for mixed-dtype arithmetic, following PyTorch's category rules. */
public final class DTypes {
  private DTypes() {}

  /** The dtype of {@code a op b} for arithmetic ops. */
  public static DType promote(DType a, DType b) {
    if (a == b) {
      return a;
    }
    if (a.isFloating() != b.isFloating()) {
      return a.isFloating() ? a : b;
    }
    if (a.isFloating()) {
      if (a == DType.F64 || b == DType.F64) {
        return DType.F64;
      }
      return DType.F32;
    }
    if (a == DType.BOOL) {
      return b;
    }
    if (b == DType.BOOL) {
      return a;
    }
    return a.byteSize() >= b.byteSize() ? a : b;
  }

  /** The dtype a tensor of {@code t} takes when combined with a Java scalar. */
  public static DType withScalar(DType t, boolean scalarIsFloat) {
    if (scalarIsFloat && !t.isFloating()) {
      return DType.F32;
    }
    if (!scalarIsFloat && t == DType.BOOL) {
      return DType.I64;
    }
    return t;
  }

  /** The dtype of a float-valued function (exp, softmax, mean) applied to {@code t}. */
  public static DType floating(DType t) {
    return t.isFloating() ? t : DType.F32;
  }
}
