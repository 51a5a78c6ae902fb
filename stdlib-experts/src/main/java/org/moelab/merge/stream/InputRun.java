package org.moelab.merge.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.moelab.io.TensorFileException;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;

/**
 * A run of one input tensor's elements, read into a buffer with positional reads and decoded to f32
 * a tile at a time. Reading into a buffer that is reused from run to run costs one copy out of the
 * page cache; mapping the file instead costs a page fault every few pages, a page-table teardown on
 * unmapping, and resident file pages that count against the process (docs/merging.md,
 * Benchmarks). Decoding from several threads is safe: every access is absolute.
 */
final class InputRun {
  private final DType dtype;
  private final long first;
  private final ByteBuffer bytes;
  private final ShortBuffer shorts;
  private final FloatBuffer floats;
  private final IntBuffer words;

  private InputRun(DType dtype, long first, ByteBuffer bytes) {
    this.dtype = dtype;
    this.first = first;
    this.bytes = bytes.order(ByteOrder.LITTLE_ENDIAN);
    this.shorts = bytes.asShortBuffer();
    this.floats = bytes.asFloatBuffer();
    this.words = bytes.asIntBuffer();
  }

  /**
   * Reads elements {@code [first, first + count)} of a tensor of {@code dtype} whose data starts at
   * byte {@code dataOffset} of {@code file}, through {@code channel}, into {@code buffer} (at least
   * count elements long; the caller reuses it once this run is done with).
   */
  static InputRun read(Path file, FileChannel channel, long dataOffset, DType dtype, long first, int count,
      ByteBuffer buffer) {
    long position = dataOffset + first * dtype.byteSize();
    ByteBuffer target = buffer.clear().limit(count * dtype.byteSize());
    try {
      while (target.hasRemaining()) {
        if (channel.read(target, position + target.position()) < 0) {
          throw new TensorFileException(file, "ends before byte " + (position + target.limit()));
        }
      }
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot read bytes " + position + ".." + (position + target.limit()), e);
    }
    return new InputRun(dtype, first, target.flip());
  }

  /**
   * Decodes elements {@code [element, element + count)} (tensor indices, inside the run) into
   * {@code dst[0, count)}, minus {@code minus[0, count)} when that is not null; {@code scratch}
   * holds at least {@code count} shorts.
   */
  void decode(long element, int count, float[] dst, float[] minus, short[] scratch) {
    int at = (int) (element - first);
    switch (dtype) {
      case BF16 -> {
        shorts.get(at, scratch, 0, count);
        for (int i = 0; i < count; i++) {
          dst[i] = Float.intBitsToFloat(scratch[i] << 16);
        }
      }
      case F32 -> floats.get(at, dst, 0, count);
      default -> {
        for (int i = 0; i < count; i++) {
          dst[i] = value(element + i);
        }
      }
    }
    subtract(dst, minus, count);
  }

  /** Whether {@link #decodePairs} can decode elements from {@code element} on: bf16, at an even offset in the run. */
  boolean pairs(long element) {
    return dtype == DType.BF16 && ((element - first) & 1) == 0;
  }

  /**
   * Decodes the even {@code count} elements from {@code element} (where {@link #pairs} holds) into
   * {@code dst[0, count)} de-interleaved (see {@link Bf16Pairs}), minus {@code minus[0, count)} when
   * that is not null.
   */
  void decodePairs(long element, int count, float[] dst, float[] minus, Bf16Pairs codec) {
    codec.decode(words, (int) ((element - first) >> 1), count >> 1, dst);
    subtract(dst, minus, count);
  }

  /** {@code dst[i] -= minus[i]} for i in [0, count), when {@code minus} is not null. */
  private static void subtract(float[] dst, float[] minus, int count) {
    if (minus != null) {
      for (int i = 0; i < count; i++) {
        dst[i] -= minus[i];
      }
    }
  }

  /** Element {@code element} (a tensor index inside the run) as f32. */
  float value(long element) {
    int at = (int) (element - first);
    return switch (dtype) {
      case BF16 -> Float.intBitsToFloat(shorts.get(at) << 16);
      case F16 -> ElementCodec.halfToFloat(shorts.get(at));
      case F32 -> floats.get(at);
      default -> (float) ElementCodec.get(dtype, bytes, at);
    };
  }
}
