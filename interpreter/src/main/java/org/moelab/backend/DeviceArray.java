package org.moelab.backend;

import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/**
 * A tensor living in a backend's memory (native CPU memory or a GPU). Owned by whoever made it;
 * {@link #close()} frees it and may be called more than once.
 */
public interface DeviceArray extends AutoCloseable {
  /** The shape. */
  Shape shape();

  /** The element type. */
  DType dtype();

  /** Frees the native memory. Idempotent. */
  @Override
  void close();
}
