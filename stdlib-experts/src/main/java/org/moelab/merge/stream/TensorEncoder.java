package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** Converts merged f32 values to the output dtype (round to nearest even for bf16 and f16). */
final class TensorEncoder {
  private TensorEncoder() {}

  static HostTensor encode(float[] values, DType dtype, Shape shape) {
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, dtype.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32 -> b.asFloatBuffer().put(values);
      case BF16 -> {
        for (int i = 0; i < values.length; i++) {
          b.putShort(i << 1, ElementCodec.floatToBf16(values[i]));
        }
      }
      case F16 -> {
        for (int i = 0; i < values.length; i++) {
          b.putShort(i << 1, ElementCodec.floatToHalf(values[i]));
        }
      }
      default -> {
        for (int i = 0; i < values.length; i++) {
          ElementCodec.put(dtype, b, i, values[i]);
        }
      }
    }
    return new HostTensor(dtype, shape, b);
  }
}
