package org.moelab.merge.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorFileException;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;

/**
 * Reads ranges of tensors as f32 through one reusable 1 MiB direct buffer with positional reads, so
 * file pages are not mapped into the process (they stay in the page cache, outside its resident
 * set), decoding each chunk while it is in cache. Sources without byte offsets (npz) or with
 * integer dtypes fall back to {@link TensorSource#read}, keeping the last tensor read. One reader
 * per thread.
 */
final class TensorReader implements AutoCloseable {
  private static final int CHUNK = 1 << 20;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  private final FileChannels channels = new FileChannels();
  private TensorSource cachedSource;
  private String cachedName;
  private float[] cached;

  /** Whether {@code name} can be read in ranges straight from its file. */
  static boolean positional(TensorSource source, String name) {
    TensorInfo info = source.info(name);
    return info.byteOffset() >= 0 && info.dtype().isFloating();
  }

  /**
   * Reads elements {@code [first, first + count)} of {@code name} as f32 into {@code dst[0,
   * count)}, minus {@code minus[0, count)} when that is not null (task vectors in one pass).
   */
  void read(TensorSource source, String name, long first, int count, float[] dst, float[] minus) {
    if (!positional(source, name)) {
      float[] all = whole(source, name);
      for (int i = 0; i < count; i++) {
        dst[i] = minus == null ? all[(int) first + i] : all[(int) first + i] - minus[i];
      }
      return;
    }
    TensorInfo info = source.info(name);
    DType dtype = info.dtype();
    int size = dtype.byteSize();
    int perChunk = CHUNK / size;
    Path file = fileOf(source, name);
    for (int start = 0; start < count; start += perChunk) {
      int n = Math.min(perChunk, count - start);
      fill(file, info.byteOffset() + (first + start) * size, n * size);
      decode(dtype, buffer, dst, minus, start, n);
    }
  }

  /** Copies the raw bytes of {@code name} to {@code writer} as tensor {@code outName}, a chunk at a time. */
  void copy(TensorSource source, String name, ShardedWriter writer, String outName) {
    TensorInfo info = source.info(name);
    Path file = fileOf(source, name);
    long length = info.byteLength();
    if (length == 0) {
      writer.writePart(outName, buffer.clear().limit(0));
    }
    for (long done = 0; done < length; done += CHUNK) {
      fill(file, info.byteOffset() + done, (int) Math.min(CHUNK, length - done));
      writer.writePart(outName, buffer);
    }
  }

  private float[] whole(TensorSource source, String name) {
    if (source != cachedSource || !name.equals(cachedName)) {
      cached = source.read(name).toFloatArray();
      cachedSource = source;
      cachedName = name;
    }
    return cached;
  }

  static Path fileOf(TensorSource source, String name) {
    return source instanceof ShardedCheckpoint sc ? sc.shardOf(name) : source.path();
  }

  /** Reads {@code bytes} bytes at {@code position} of {@code file} into the buffer, flipped. */
  private void fill(Path file, long position, int bytes) {
    FileChannel channel = channels.of(file);
    buffer.clear().limit(bytes);
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          throw new TensorFileException(file, "ends at byte " + (position + buffer.position())
              + " inside a tensor; the file is truncated.");
        }
      }
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot read tensor data", e);
    }
    buffer.flip();
  }

  private static void decode(DType dtype, ByteBuffer b, float[] out, float[] minus, int start, int count) {
    switch (dtype) {
      case F32 -> {
        for (int i = 0; i < count; i++) {
          out[start + i] = b.getFloat(i << 2);
        }
      }
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
    if (minus != null) {
      for (int i = start; i < start + count; i++) {
        out[i] -= minus[i];
      }
    }
  }

  @Override
  public void close() {
    channels.close();
    cached = null;
  }
}
