package org.moelab.backend.djl;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.moelab.backend.BackendException;
import org.moelab.backend.DeviceArray;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/** Converts dtypes and shapes between MoE Lab and DJL. */
final class DjlTypes {
  private DjlTypes() {}

  /** The DJL data type that stores {@code dtype}. */
  static DataType toDjl(DType dtype) {
    return switch (dtype) {
      case F64 -> DataType.FLOAT64;
      case F32 -> DataType.FLOAT32;
      case F16 -> DataType.FLOAT16;
      case BF16 -> DataType.BFLOAT16;
      case I64 -> DataType.INT64;
      case I32 -> DataType.INT32;
      case I16 -> DataType.INT16;
      case I8 -> DataType.INT8;
      case U8 -> DataType.UINT8;
      case BOOL -> DataType.BOOLEAN;
    };
  }

  /**
   * The dtype an array of {@code dtype} is stored as. DJL 0.36's JNI cannot create or convert to
   * PyTorch BF16 or I16 arrays (the JVM aborts), so those are kept widened to F32 and I32, which
   * hold every value exactly: they can be uploaded, downloaded and cast from, not computed on.
   */
  static DType storageType(DType dtype) {
    return switch (dtype) {
      case BF16 -> DType.F32;
      case I16 -> DType.I32;
      default -> dtype;
    };
  }

  /**
   * Fails unless {@code node} can run here: BF16 and I16 arrays (see {@link #storageType}) may only
   * be the input of a CAST to another dtype.
   */
  static void checkComputable(Node node, List<DeviceArray> inputs) {
    boolean castFromWidened = node.op() == Op.CAST && !isWidened(node.dtype());
    for (DeviceArray in : inputs) {
      if (isWidened(in.dtype()) && !castFromWidened) {
        throw widenedError(node, in.dtype());
      }
    }
    if (isWidened(node.dtype())) {
      throw widenedError(node, node.dtype());
    }
  }

  private static boolean isWidened(DType dtype) {
    return storageType(dtype) != dtype;
  }

  private static BackendException widenedError(Node node, DType dtype) {
    return new BackendException("The djl backend cannot compute on " + dtype.languageName()
        + " (in " + node + "): DJL 0.36 has no PyTorch " + dtype.languageName() + " support. Cast "
        + dtype.languageName() + " tensors to " + storageType(dtype).languageName()
        + " first, or use the nd4j backend.");
  }

  /** The MoE Lab dtype of a DJL data type. */
  static DType fromDjl(DataType type) {
    return switch (type) {
      case FLOAT64 -> DType.F64;
      case FLOAT32 -> DType.F32;
      case FLOAT16 -> DType.F16;
      case BFLOAT16 -> DType.BF16;
      case INT64 -> DType.I64;
      case INT32 -> DType.I32;
      case INT16 -> DType.I16;
      case INT8 -> DType.I8;
      case UINT8 -> DType.U8;
      case BOOLEAN -> DType.BOOL;
      default -> throw new BackendException("DJL produced an array of type " + type
          + ", which MoE Lab has no dtype for.");
    };
  }

  /** The DJL shape of {@code shape}. */
  static ai.djl.ndarray.types.Shape toDjl(Shape shape) {
    return new ai.djl.ndarray.types.Shape(shape.dims());
  }

  /** The MoE Lab shape of a DJL shape. */
  static Shape fromDjl(ai.djl.ndarray.types.Shape shape) {
    return Shape.of(shape.getShape());
  }
}
