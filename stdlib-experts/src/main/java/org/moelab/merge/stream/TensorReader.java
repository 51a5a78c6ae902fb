package org.moelab.merge.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.io.TensorFileException;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;

/**
 * Reads whole tensors as f32 arrays through one reusable 4 MiB buffer with positional reads, so
 * file pages are not mapped into the process (they stay in the page cache, outside its resident
 * set). Sources without byte offsets (npz) fall back to {@link TensorSource#read}.
 */
final class TensorReader implements AutoCloseable {
  private static final int CHUNK = 4 << 20;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  private final Map<Path, FileChannel> channels = new HashMap<>();

  /** The tensor {@code name} of {@code source} converted to f32. */
  float[] read(TensorSource source, String name) {
    TensorInfo info = source.info(name);
    if (info.byteOffset() < 0 || !info.dtype().isFloating()) {
      return source.read(name).toFloatArray();
    }
    Path file = source instanceof ShardedCheckpoint sc ? sc.shardOf(name) : source.path();
    float[] out = new float[Math.toIntExact(info.shape().size())];
    readInto(file, info.byteOffset(), info.dtype(), out);
    return out;
  }

  private void readInto(Path file, long offset, DType dtype, float[] out) {
    FileChannel channel = channel(file);
    int size = dtype.byteSize();
    int perChunk = CHUNK / size;
    try {
      for (int start = 0; start < out.length; start += perChunk) {
        int count = Math.min(perChunk, out.length - start);
        buffer.clear().limit(count * size);
        long position = offset + (long) start * size;
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, position + buffer.position()) < 0) {
            throw new TensorFileException(file, "ends before the tensor at byte " + offset + "; the file is truncated.");
          }
        }
        buffer.flip();
        decode(dtype, buffer, out, start, count);
      }
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot read tensor data", e);
    }
  }

  private static void decode(DType dtype, ByteBuffer b, float[] out, int start, int count) {
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out, start, count);
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out[start + i] = Float.intBitsToFloat(b.getShort(i << 1) << 16);
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out[start + i] = ElementCodec.halfToFloat(b.getShort(i << 1));
        }
      }
      case F64 -> {
        for (int i = 0; i < count; i++) {
          out[start + i] = (float) b.getDouble(i << 3);
        }
      }
      default -> throw new IllegalStateException("not a floating dtype: " + dtype);
    }
  }

  private FileChannel channel(Path file) {
    return channels.computeIfAbsent(file, f -> {
      try {
        return FileChannel.open(f, StandardOpenOption.READ);
      } catch (IOException e) {
        throw new TensorFileException(f, "cannot open for reading", e);
      }
    });
  }

  @Override
  public void close() {
    for (FileChannel c : channels.values()) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Closing a read-only channel cannot lose data.
      }
    }
    channels.clear();
  }
}
