package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.moelab.io.ShardedWriter;
import org.moelab.tensor.DType;

/**
 * Appends merged f32 values to the tensor being written, encoded in its output dtype a chunk at a
 * time through one reused heap buffer (synchronously: nothing is left in flight).
 */
final class EncodedWrites {
  private static final int CHUNK = 1 << 22;
  private final ShardedWriter writer;
  private ByteBuffer encoded = ByteBuffer.allocate(0);

  EncodedWrites(ShardedWriter writer) {
    this.writer = writer;
  }

  /** Encodes {@code values[0, length)} as {@code dtype} and appends them to tensor {@code name}. */
  void write(String name, DType dtype, float[] values, int length) {
    int chunk = Math.min(CHUNK, Math.max(length, 1));
    if (encoded.capacity() < chunk * dtype.byteSize()) {
      encoded = null;
      encoded = ByteBuffer.allocate(chunk * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    }
    if (length == 0) {
      writer.writePart(name, encoded.clear().limit(0));
    }
    for (int from = 0; from < length; from += chunk) {
      int to = Math.min(length, from + chunk);
      TensorEncoder.encode(values, from, to, dtype, encoded);
      writer.writePart(name, encoded);
    }
  }
}
