package org.moelab.io;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;

/**
 * Writes one tensor as an {@code .npy} file (format 1.0, C order, little-endian) atomically,
 * with the same header bytes numpy 1.24 writes.
 */
public final class NpyWriter {
  private NpyWriter() {}

  /** Writes {@code tensor} to {@code target}, replacing it. */
  public static void write(Path target, HostTensor tensor) {
    byte[] header = header(target, tensor);
    try (AtomicOutput out = AtomicOutput.create(target)) {
      out.write(ByteBuffer.wrap(header));
      out.write(tensor.data());
      out.commit();
    }
  }

  /** The npy header for {@code tensor}; fails for bf16, which numpy cannot represent. */
  static byte[] header(Path target, HostTensor tensor) {
    if (tensor.dtype() == DType.BF16) {
      throw new TensorFileException(
          target, "npy has no bfloat16 type; cast the tensor to f32 first or save it as .safetensors.");
    }
    return NpyHeader.encode(tensor.dtype(), tensor.shape());
  }
}
