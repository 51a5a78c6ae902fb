package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moelab.io.Fixtures.assertMessage;
import static org.moelab.io.Fixtures.assertSameTensor;
import static org.moelab.io.Fixtures.sample;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

class NpyTest {
  @TempDir Path tmp;

  /** An npy image: magic, version {@code major}.0, the header length, {@code header}, {@code data}. */
  static byte[] npy(int major, String header, byte[] data) {
    byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) text.length);
    } else {
      b.putInt(text.length);
    }
    return b.put(text).put(data).array();
  }

  private TensorFileException openFails(Path file) {
    return assertThrows(TensorFileException.class, () -> NpyFile.open(file).close());
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = "BF16", mode = EnumSource.Mode.EXCLUDE)
  void everyNumpyDtypeRoundTrips(DType dtype) {
    for (Shape shape : List.of(Shape.of(3, 4), Shape.scalar(), Shape.of(0, 5), Shape.of(7))) {
      HostTensor t = sample(dtype, shape);
      Path file = tmp.resolve("t.npy");
      NpyWriter.write(file, t);
      try (NpyFile f = NpyFile.open(file)) {
        assertSameTensor(t, f.read("t"), dtype + " " + shape);
        assertEquals(0, f.info("t").byteOffset() % 64, "data is 64-byte aligned like numpy's");
      }
    }
  }

  @Test
  void bf16CannotBeWrittenToNpy() {
    Path file = tmp.resolve("b.npy");
    TensorFileException e = assertThrows(TensorFileException.class, () -> NpyWriter.write(file, sample(DType.BF16, Shape.of(2))));
    assertMessage(e, file, "npy has no bfloat16 type", "cast", ".safetensors");
    assertTrue(Files.notExists(file));
  }

  @Test
  void fortranOrderIsTransposedToRowMajor() {
    // Column-major 2x3: memory holds columns (1,4), (2,5), (3,6).
    byte[] data = {1, 4, 2, 5, 3, 6};
    Path f = Fixtures.write(tmp, "f.npy", npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }\n", data));
    try (NpyFile file = NpyFile.open(f)) {
      assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, file.read().toLongArray());
    }
  }

  @Test
  void bigEndianIsByteSwapped() {
    byte[] data = {0x3f, (byte) 0x80, 0, 0, (byte) 0xc0, 0x20, 0, 0};
    Path f = Fixtures.write(tmp, "be.npy", npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", data));
    try (NpyFile file = NpyFile.open(f)) {
      assertArrayEquals(new float[] {1.0f, -2.5f}, file.read().toFloatArray());
    }
  }

  @Test
  void trailingBytesAreNoted() {
    Path f = Fixtures.write(tmp, "x.npy", npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }\n", new byte[] {1, 2, 3}));
    try (NpyFile file = NpyFile.open(f)) {
      assertEquals(List.of("1 bytes after the array data are ignored"), file.notes());
      assertArrayEquals(new long[] {1, 2}, file.read().toLongArray());
    }
  }

  @Test
  void notAnNpyFile() {
    Path f = Fixtures.write(tmp, "x.npy", "PK\3\4 this is a zip".getBytes(StandardCharsets.ISO_8859_1));
    assertMessage(openFails(f), f, "does not start with the npy magic string");
  }

  @Test
  void truncatedPrefixAndHeader() {
    Path f = Fixtures.write(tmp, "x.npy", new byte[] {(byte) 0x93, 'N', 'U'});
    assertMessage(openFails(f), f, "ends after 3 bytes of the npy magic string and version", "truncated");
    byte[] whole = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", new byte[0]);
    Path g = Fixtures.write(tmp, "y.npy", java.util.Arrays.copyOf(whole, 30));
    assertMessage(openFails(g), g, "bytes of the npy header", "truncated");
  }

  @Test
  void unsupportedVersion() {
    byte[] bytes = npy(1, "{}", new byte[0]);
    bytes[6] = 4;
    Path f = Fixtures.write(tmp, "x.npy", bytes);
    assertMessage(openFails(f), f, "npy format version 4.0", "supported versions are 1.0, 2.0 and 3.0");
  }

  @Test
  void headerLengthOverTheCapFailsFast() {
    ByteBuffer b = ByteBuffer.allocate(12 + 10).order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(Integer.MAX_VALUE);
    Path f = Fixtures.write(tmp, "x.npy", b.array());
    assertMessage(openFails(f), f, "declares an npy header of 2147483647 bytes, over the cap");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '"',
      value = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) #malformed npy header: expected ','",
        "{'descr': '<f4', 'shape': (2,), }#keys [descr, shape]; expected exactly descr, fortran_order and shape",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}#expected exactly descr",
        "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }#malformed npy header",
        "{'descr': '<u4', 'fortran_order': False, 'shape': (2,), }#unsupported dtype '<u4'; supported are <f8, <f4",
        "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }#holds Python objects",
        "{'descr': 'f4', 'fortran_order': False, 'shape': (2,), }#unsupported dtype 'f4'",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }#fortran_order 0; expected True or False",
        "{'descr': '<f4', 'fortran_order': False, 'shape': 2, }#shape 2; expected a tuple of integers",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }#negative dimension -1",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }#overflows 64 bits",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1e3,), }#expected ','",
      })
  void invalidHeaders(String header, String problem) {
    Path f = Fixtures.write(tmp, "x.npy", npy(1, header, new byte[8]));
    assertMessage(openFails(f), f, problem);
  }

  @Test
  void truncatedDataAndATerabyteClaimFailWithoutAllocating() {
    Path f = Fixtures.write(tmp, "x.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[8]));
    assertMessage(openFails(f), f, "holds 8 bytes of data but <f4 [3] needs 12", "truncated");
    Path g = Fixtures.write(tmp, "y.npy", npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (137438953472,), }", new byte[8]));
    assertMessage(openFails(g), g, "needs 1099511627776", "truncated");
  }

  @Test
  void versionThreeHeadersAreUtf8() {
    Path f = Fixtures.write(tmp, "x.npy", npy(3, "{'descr': '<i2', 'fortran_order': False, 'shape': (1,), }  \n", new byte[] {7, 0}));
    try (NpyFile file = NpyFile.open(f)) {
      assertArrayEquals(new long[] {7}, file.read().toLongArray());
    }
  }
}
