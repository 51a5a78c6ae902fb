package org.moelab.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.moelab.backend.DeviceArray;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/**
 * A DJL array owned by its own sub-manager of the backend's root manager, so that {@link #close()}
 * frees exactly this array (views it handed out keep their storage alive inside PyTorch).
 */
final class DjlArray implements DeviceArray {
  private final NDManager owner;
  private final NDArray array;
  private final Shape shape;
  private final DType dtype;

  /**
   * Wraps {@code array}, which must already be attached to {@code owner}; {@code dtype} is the
   * logical dtype, whose storage type ({@link DjlTypes#storageType}) the array has.
   */
  DjlArray(NDManager owner, NDArray array, DType dtype) {
    this.owner = owner;
    this.array = array;
    this.shape = DjlTypes.fromDjl(array.getShape());
    this.dtype = dtype;
    DType stored = DjlTypes.fromDjl(array.getDataType());
    if (stored != DjlTypes.storageType(dtype)) {
      throw new IllegalStateException("array stored as " + stored + " cannot hold " + dtype);
    }
  }

  /** The DJL array, in the storage type of {@link #dtype()}; valid until {@link #close()}. */
  NDArray array() {
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
    owner.close();
  }

  @Override
  public String toString() {
    return "DjlArray(" + dtype.languageName() + shape + ")";
  }
}
