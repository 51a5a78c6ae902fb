package org.moelab.backend.nd4j;

import org.moelab.backend.DeviceArray;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ND4J array that owns its buffer (never a view of another array), so {@link #close()} frees
 * exactly it. It may be row-major ('c') or column-major ('f').
 */
final class Nd4jArray implements DeviceArray {
  private final INDArray array;
  private final Shape shape;
  private final DType dtype;
  private boolean closed;

  /** Wraps {@code array}, which must own its buffer. */
  Nd4jArray(INDArray array) {
    this.array = array;
    this.shape = Nd4jTypes.fromNd4j(array.shape());
    this.dtype = Nd4jTypes.fromNd4j(array.dataType());
  }

  /** The ND4J array; valid until {@link #close()}. */
  INDArray array() {
    if (closed) {
      throw new IllegalStateException("nd4j array " + dtype.languageName() + shape + " was closed");
    }
    return array;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (array.closeable()) {
      array.close();
    }
  }

  @Override
  public String toString() {
    return "Nd4jArray(" + dtype.languageName() + shape + ")";
  }
}
