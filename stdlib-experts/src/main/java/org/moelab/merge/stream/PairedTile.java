package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Decodes and encodes bf16 tiles two elements at a time, with loops the JIT vectorises: Java 17's
 * C2 does not vectorise a per-element conversion between int bits and float, so the bits are
 * formed with integer operations on pairs (a little-endian int holds elements 2k and 2k + 1: the
 * f32 bits of the first are {@code pair << 16}, of the second {@code pair & 0xffff0000}) and turned
 * into floats by a bulk copy through a direct buffer. In the tile, the even-indexed elements come
 * first and the odd ones after them ({@link #slot}); elementwise work does not care, and encoding
 * puts them back in order. One per thread.
 */
final class PairedTile {
  private final int[] pairs;
  private final int[] bits;
  private final IntBuffer punInts;
  private final FloatBuffer punFloats;

  /** Room for tiles of up to {@code tile} elements (even). */
  PairedTile(int tile) {
    pairs = new int[tile / 2];
    bits = new int[tile];
    ByteBuffer pun = ByteBuffer.allocateDirect(tile * 4).order(ByteOrder.nativeOrder());
    punInts = pun.asIntBuffer();
    punFloats = pun.asFloatBuffer();
  }

  /** Where tile offset {@code offset} (from the tile's first, even, element) sits in a tile of {@code count}. */
  static int slot(int offset, int count) {
    return (offset & 1) * (count >> 1) + (offset >> 1);
  }

  /**
   * Decodes elements {@code [element, element + count)} (element and count even) of a bf16 input
   * into {@code dst[0, count)} in the paired order, minus {@code minus} when that is not null.
   */
  void decode(MappedInput in, long element, int count, float[] dst, float[] minus) {
    int half = count >> 1;
    in.readPairs(element, half, pairs);
    for (int k = 0; k < half; k++) {
      bits[k] = pairs[k] << 16;
      bits[half + k] = pairs[k] & 0xffff0000;
    }
    punInts.put(0, bits, 0, count);
    punFloats.get(0, dst, 0, count);
    if (minus != null) {
      for (int i = 0; i < count; i++) {
        dst[i] -= minus[i];
      }
    }
  }

  /**
   * Encodes {@code values[0, count)} (paired order) as bf16 elements {@code [element, element +
   * count)} of {@code out}, rounding to nearest even and quieting NaN exactly as {@code
   * ElementCodec.floatToBf16} does.
   */
  void encode(float[] values, int count, IntBuffer out, int element) {
    int half = count >> 1;
    punFloats.put(0, values, 0, count);
    punInts.get(0, bits, 0, count);
    for (int i = 0; i < count; i++) {
      bits[i] = bf16(bits[i]);
    }
    for (int k = 0; k < half; k++) {
      pairs[k] = bits[half + k] << 16 | bits[k] & 0xffff;
    }
    out.put(element >> 1, pairs, 0, half);
  }

  /** The bf16 bits (low 16) of f32 bits {@code b}: round to nearest even; a NaN keeps its top bits, made quiet. */
  private static int bf16(int b) {
    int nan = (0x7f800000 - (b & 0x7fffffff)) >> 31;
    int rounded = (b + 0x7fff + ((b >>> 16) & 1)) >>> 16;
    int quiet = (b >>> 16) | 0x40;
    return rounded & ~nan | quiet & nan;
  }
}
