package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;

/** Paired bf16 tiles against the element-by-element codec: every bf16 pattern, and every kind of f32. */
class PairedTileTest {
  private static final int N = 1 << 16;

  @TempDir Path dir;

  @Test
  void decodesEveryBf16PatternAsTheCodecDoesInPairedOrder() throws Exception {
    ByteBuffer bytes = ByteBuffer.allocate(N * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < N; i++) {
      bytes.putShort(i * 2, (short) i);
    }
    Path file = dir.resolve("all.bin");
    Files.write(file, bytes.array());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        MappedInput in = MappedInput.map(file, ch, 0, DType.BF16, 0, N)) {
      PairedTile tile = new PairedTile(512);
      float[] got = new float[512];
      for (int at = 0; at < N; at += 512) {
        tile.decode(in, at, 512, got, null);
        for (int offset = 0; offset < 512; offset++) {
          float want = Float.intBitsToFloat((at + offset) << 16);
          assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[PairedTile.slot(offset, 512)]),
              "element " + (at + offset));
        }
      }
    }
  }

  @Test
  void encodesLikeTheCodecIncludingNaNsInfinitiesZerosAndSubnormals() {
    Random r = new Random(3);
    int count = 512;
    float[] values = new float[count];
    int[] special = {0x7fc00001, 0xffa00000, 0x7f800001, 0x7f800000, 0xff800000, 0x00000000, 0x80000000, 0x00000001,
        0x807fffff, 0x3f807fff, 0x3f808000, 0x3f818000, 0x7f7fffff};
    for (int i = 0; i < count; i++) {
      values[i] = Float.intBitsToFloat(i < special.length ? special[i] : r.nextInt());
    }
    int[] out = new int[count / 2];
    new PairedTile(count).encode(values, count, IntBuffer.wrap(out), 0);
    for (int offset = 0; offset < count; offset++) {
      int pair = out[offset >> 1];
      short got = (short) ((offset & 1) == 0 ? pair : pair >>> 16);
      short want = ElementCodec.floatToBf16(values[PairedTile.slot(offset, count)]);
      assertEquals(want, got, "element " + offset);
    }
  }
}
