package org.moelab.backend.nd4j;

import org.moelab.backend.BackendException;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/** Converts dtypes and shapes between MoE Lab and ND4J. */
final class Nd4jTypes {
  private Nd4jTypes() {}

  /** The ND4J data type of {@code dtype}. */
  static DataType toNd4j(DType dtype) {
    return switch (dtype) {
      case F64 -> DataType.DOUBLE;
      case F32 -> DataType.FLOAT;
      case F16 -> DataType.HALF;
      case BF16 -> DataType.BFLOAT16;
      case I64 -> DataType.LONG;
      case I32 -> DataType.INT;
      case I16 -> DataType.SHORT;
      case I8 -> DataType.BYTE;
      case U8 -> DataType.UBYTE;
      case BOOL -> DataType.BOOL;
    };
  }

  /** The MoE Lab dtype of an ND4J data type. */
  static DType fromNd4j(DataType type) {
    return switch (type) {
      case DOUBLE -> DType.F64;
      case FLOAT -> DType.F32;
      case HALF -> DType.F16;
      case BFLOAT16 -> DType.BF16;
      case LONG -> DType.I64;
      case INT -> DType.I32;
      case SHORT -> DType.I16;
      case BYTE -> DType.I8;
      case UBYTE -> DType.U8;
      case BOOL -> DType.BOOL;
      default -> throw new BackendException("ND4J produced an array of type " + type
          + ", which MoE Lab has no dtype for.");
    };
  }

  /** The MoE Lab shape of ND4J dimensions. */
  static Shape fromNd4j(long[] dims) {
    return Shape.of(dims);
  }
}
