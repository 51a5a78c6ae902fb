package org.moelab.tensor;

import java.nio.ByteBuffer;

/** Reads and writes single elements of every {@link DType} in little-endian buffers. */
public final class ElementCodec {
  private ElementCodec() {}

  /** Element {@code i} of a buffer of {@code dtype}, as a double. */
  public static double get(DType dtype, ByteBuffer b, int i) {
    return switch (dtype) {
      case F64 -> b.getDouble(i * 8);
      case F32 -> b.getFloat(i * 4);
      case F16 -> halfToFloat(b.getShort(i * 2));
      case BF16 -> Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
      case I64 -> b.getLong(i * 8);
      case I32 -> b.getInt(i * 4);
      case I16 -> b.getShort(i * 2);
      case I8 -> b.get(i);
      case U8 -> b.get(i) & 0xff;
      case BOOL -> b.get(i) != 0 ? 1.0 : 0.0;
    };
  }

  /** Element {@code i} as a long; floating values are truncated toward zero. */
  public static long getLong(DType dtype, ByteBuffer b, int i) {
    return switch (dtype) {
      case I64 -> b.getLong(i * 8);
      case I32 -> b.getInt(i * 4);
      case I16 -> b.getShort(i * 2);
      case I8 -> b.get(i);
      case U8 -> b.get(i) & 0xff;
      case BOOL -> b.get(i) != 0 ? 1 : 0;
      default -> (long) get(dtype, b, i);
    };
  }

  /** Stores {@code v} converted to {@code dtype} as element {@code i}. */
  public static void put(DType dtype, ByteBuffer b, int i, double v) {
    switch (dtype) {
      case F64 -> b.putDouble(i * 8, v);
      case F32 -> b.putFloat(i * 4, (float) v);
      case F16 -> b.putShort(i * 2, floatToHalf((float) v));
      case BF16 -> b.putShort(i * 2, floatToBf16((float) v));
      case BOOL -> b.put(i, (byte) (v != 0 ? 1 : 0));
      default -> putLong(dtype, b, i, (long) v);
    }
  }

  /** Stores the integer {@code v} converted to {@code dtype} as element {@code i}. */
  public static void putLong(DType dtype, ByteBuffer b, int i, long v) {
    switch (dtype) {
      case I64 -> b.putLong(i * 8, v);
      case I32 -> b.putInt(i * 4, (int) v);
      case I16 -> b.putShort(i * 2, (short) v);
      case I8, U8 -> b.put(i, (byte) v);
      case BOOL -> b.put(i, (byte) (v != 0 ? 1 : 0));
      default -> put(dtype, b, i, (double) v);
    }
  }

  /** IEEE 754 binary16 bits to float. */
  public static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      float magnitude = mant * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** Float to IEEE 754 binary16 bits, rounding to nearest even. */
  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      int m = mant | 0x800000;
      int shift = 14 - e;
      int half = m >> shift;
      int rem = m & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
      half++;
    }
    return (short) (sign | half);
  }

  /** Float to bfloat16 bits, rounding to nearest even (NaN stays NaN). */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if ((bits & 0x7fffffff) > 0x7f800000) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }
}
