package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * bf16 tiles decoded and encoded two elements at a time, as the 32-bit words that hold them, so
 * that every loop is integer or float arithmetic over arrays indexed alike — loops the JIT turns
 * into vector instructions. (Java 17's C2 vectorises neither widening shorts to ints nor
 * reinterpreting int bits as a float; element by element, decoding and encoding cost more than the
 * merge itself.) Word i of little-endian bf16 data holds element 2i in its low half and 2i + 1 in
 * its high half, and a bf16 value's f32 bits are its 16 bits followed by 16 zeros, so the even
 * element's bits are {@code word << 16} and the odd one's {@code word & 0xffff0000}. A tile of 2p
 * elements is held <em>de-interleaved</em>: even elements in slots [0, p), odd ones in [p, 2p).
 * Bits become floats (and back) by a bulk copy through a small byte buffer on the heap (a direct
 * one would hold native memory until the collector finds it, and merges make thousands).
 *
 * <p>One instance per thread: it owns its scratch arrays.
 */
final class Bf16Pairs {
  private final int[] words;
  private final int[] even;
  private final int[] odd;
  private final IntBuffer rawInts;
  private final FloatBuffer rawFloats;

  /** Scratch for tiles of up to {@code maxElements} elements (even). */
  Bf16Pairs(int maxElements) {
    int pairs = maxElements / 2;
    words = new int[pairs];
    even = new int[pairs];
    odd = new int[pairs];
    ByteBuffer raw = ByteBuffer.allocate(4 * maxElements).order(ByteOrder.nativeOrder());
    rawInts = raw.asIntBuffer();
    rawFloats = raw.asFloatBuffer();
  }

  /** The slot of a tile of {@code 2·pairs} elements that holds element {@code offset} of the tile. */
  static int slot(int offset, int pairs) {
    return (offset >> 1) + (offset & 1) * pairs;
  }

  /**
   * Decodes words {@code [firstWord, firstWord + pairs)} of {@code source} (bf16 pairs) into {@code
   * dst[0, 2·pairs)}, de-interleaved.
   */
  void decode(IntBuffer source, int firstWord, int pairs, float[] dst) {
    source.get(firstWord, words, 0, pairs);
    int[] w = words;
    int[] e = even;
    int[] o = odd;
    for (int i = 0; i < pairs; i++) {
      e[i] = w[i] << 16;
    }
    for (int i = 0; i < pairs; i++) {
      o[i] = w[i] & 0xffff0000;
    }
    rawInts.put(0, e, 0, pairs).put(pairs, o, 0, pairs);
    rawFloats.get(0, dst, 0, 2 * pairs);
  }

  /** The raw bits of {@code values[0, count)} into {@code bits} from {@code offset}. */
  void bitsOf(float[] values, int count, int[] bits, int offset) {
    rawFloats.put(0, values, 0, count);
    rawInts.get(0, bits, offset, count);
  }

  /**
   * Encodes the de-interleaved {@code values[0, 2·pairs)} as bf16, rounded to nearest even, into
   * words {@code [firstWord, firstWord + pairs)} of {@code out}; false, with nothing written, when a
   * value is NaN (whose encoding the element-by-element codec decides).
   */
  boolean encode(float[] values, int pairs, IntBuffer out, int firstWord) {
    rawFloats.put(0, values, 0, 2 * pairs);
    rawInts.get(0, even, 0, pairs).get(pairs, odd, 0, pairs);
    if ((rounded(even, pairs) | rounded(odd, pairs)) < 0) {
      return false;
    }
    int[] w = words;
    int[] e = even;
    int[] o = odd;
    for (int i = 0; i < pairs; i++) {
      w[i] = (e[i] >>> 16) | (o[i] & 0xffff0000);
    }
    out.put(firstWord, words, 0, pairs);
    return true;
  }

  /**
   * Adds the round-to-nearest-even increment to each of {@code bits[0, count)}, so that the top 16
   * bits are the bf16 encoding; negative when one of them is NaN (magnitude above infinity's).
   */
  private static int rounded(int[] bits, int count) {
    int nan = 0;
    for (int i = 0; i < count; i++) {
      int b = bits[i];
      nan |= 0x7f800000 - (b & 0x7fffffff);
      bits[i] = b + 0x7fff + ((b >>> 16) & 1);
    }
    return nan;
  }
}
