package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;

/** Converts merged f32 values to the output dtype (round to nearest even for bf16 and f16). */
final class TensorEncoder {
  private TensorEncoder() {}

  /**
   * Encodes {@code values[from, to)} into {@code out} (little-endian) from position 0, leaving it
   * flipped for reading; {@code out} must hold {@code (to − from) · dtype.byteSize()} bytes.
   */
  static void encode(float[] values, int from, int to, DType dtype, ByteBuffer out) {
    int count = to - from;
    out.clear().limit(count * dtype.byteSize());
    switch (dtype) {
      case F32 -> {
        for (int i = 0; i < count; i++) {
          out.putFloat(i << 2, values[from + i]);
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out.putShort(i << 1, ElementCodec.floatToBf16(values[from + i]));
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out.putShort(i << 1, ElementCodec.floatToHalf(values[from + i]));
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          ElementCodec.put(dtype, out, i, values[from + i]);
        }
      }
    }
  }

  /**
   * Encodes {@code values[0, count)} into {@code out} (little-endian) as elements {@code [element,
   * element + count)}, leaving its position and limit alone; {@code scratch} holds at least {@code
   * count} shorts. Safe to call concurrently on disjoint elements.
   */
  static void encodeAt(float[] values, int count, DType dtype, ByteBuffer out, int element, short[] scratch) {
    ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32 -> b.asFloatBuffer().put(element, values, 0, count);
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          scratch[i] = ElementCodec.floatToBf16(values[i]);
        }
        b.asShortBuffer().put(element, scratch, 0, count);
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          scratch[i] = ElementCodec.floatToHalf(values[i]);
        }
        b.asShortBuffer().put(element, scratch, 0, count);
      }
      default -> {
        for (int i = 0; i < count; i++) {
          ElementCodec.put(dtype, b, element + i, values[i]);
        }
      }
    }
  }
}
