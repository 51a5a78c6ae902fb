package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The direct buffers that {@link SinglePassMerge}'s workers read input runs into, one per worker
 * and input, kept from tensor to tensor: allocated (and faulted in) once, at the size the widest
 * dtype so far needs, instead of per tensor or per chunk. Not thread-safe: one per merge, and
 * {@link #take} before the workers start.
 */
final class ReadBuffers {
  private ByteBuffer[][] buffers = new ByteBuffer[0][];

  /**
   * Buffers of at least {@code bytes} each for {@code workers} workers of {@code inputs} inputs,
   * indexed [worker][input]; earlier ones are reused where they are large enough.
   */
  ByteBuffer[][] take(int workers, int inputs, int bytes) {
    if (buffers.length < workers) {
      buffers = Arrays.copyOf(buffers, workers);
    }
    for (int w = 0; w < workers; w++) {
      ByteBuffer[] own = buffers[w] == null ? new ByteBuffer[inputs] : buffers[w];
      if (own.length < inputs) {
        own = Arrays.copyOf(own, inputs);
      }
      for (int i = 0; i < inputs; i++) {
        if (own[i] == null || own[i].capacity() < bytes) {
          own[i] = null;
          own[i] = ByteBuffer.allocateDirect(bytes);
        }
      }
      buffers[w] = own;
    }
    return buffers;
  }
}
