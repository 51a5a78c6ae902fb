package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moelab.io.Fixtures.assertMessage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sparse safetensors file over 2 GiB: tensors past the 2 GiB mark map and read correctly. */
class LargeFileMappingTest {
  private static final long BIG = 1L << 31;

  @TempDir Path tmp;

  @Test
  void tensorsBeyondTwoGibibytesAreMappedPerTensor() throws IOException {
    String json =
        "{\"head\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"big\":{\"dtype\":\"U8\",\"shape\":[" + BIG + "],\"data_offsets\":[8," + (8 + BIG) + "]},"
            + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + (8 + BIG) + "," + (16 + BIG) + "]}}";
    byte[] header = (json + " ".repeat((8 - json.length() % 8) % 8)).getBytes(StandardCharsets.UTF_8);
    long dataStart = 8 + header.length;
    Path file = tmp.resolve("sparse.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(dataStart + BIG + 16);
      raf.write(Fixtures.safetensors(header.length, header, floats(1.5f, -2f)));
      raf.seek(dataStart + 8 + BIG);
      raf.write(floats(3.25f, 1e30f));
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(dataStart + 8 + BIG, f.info("tail").byteOffset());
      assertArrayEquals(new float[] {1.5f, -2f}, f.read("head").toFloatArray());
      assertArrayEquals(new float[] {3.25f, 1e30f}, f.read("tail").toFloatArray());
      assertTrue(f.read("tail").data().isDirect());
      TensorFileException e = assertThrows(TensorFileException.class, () -> f.read("big"));
      assertMessage(e, file, "a tensor of 2147483648 bytes exceeds the 2 GiB that one buffer can hold");
    }
  }

  private static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
