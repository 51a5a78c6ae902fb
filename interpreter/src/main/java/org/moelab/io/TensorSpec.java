package org.moelab.io;

import java.util.Objects;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * The name, dtype and shape of a tensor that a streaming writer will receive later.
 *
 * @param name the tensor's name in the file
 * @param dtype the element type
 * @param shape the shape
 */
public record TensorSpec(String name, DType dtype, Shape shape) {
  /** Checks that the fields are present. */
  public TensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
  }

  /** The spec of an existing tensor. */
  public static TensorSpec of(String name, HostTensor tensor) {
    return new TensorSpec(name, tensor.dtype(), tensor.shape());
  }

  /** Bytes of data: {@code dtype.byteSize() * shape.size()}. */
  public long byteLength() {
    return Math.multiplyExact(shape.size(), (long) dtype.byteSize());
  }
}
