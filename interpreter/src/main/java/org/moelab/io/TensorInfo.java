package org.moelab.io;

import java.util.Objects;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/**
 * What a tensor file says about one tensor, known without reading its data.
 *
 * @param name the tensor's name in the file
 * @param dtype the element type
 * @param shape the shape
 * @param byteOffset where the data starts in the file holding it, or -1 when it is
 *     not directly addressable (entries of an {@code .npz} archive)
 * @param byteLength the number of data bytes: {@code dtype.byteSize() * shape.size()}
 */
public record TensorInfo(String name, DType dtype, Shape shape, long byteOffset, long byteLength) {
  /** Checks that the fields are present and that the length matches the dtype and shape. */
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    if (byteLength != shape.size() * dtype.byteSize()) {
      throw new IllegalArgumentException(
          "byteLength " + byteLength + " does not match " + dtype + shape + " for " + name);
    }
  }
}
