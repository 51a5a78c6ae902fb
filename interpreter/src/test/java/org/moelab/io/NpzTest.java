package org.moelab.io;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.moelab.io.Fixtures.assertMessage;
import static org.moelab.io.Fixtures.assertSameTensor;
import static org.moelab.io.Fixtures.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

class NpzTest {
  @TempDir Path tmp;

  /** A zip holding each (entry name, bytes) pair, deflated. */
  private Path zip(String file, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return Files.write(tmp.resolve(file), bytes.toByteArray());
  }

  private TensorFileException openFails(Path file) {
    return assertThrows(TensorFileException.class, () -> NpzFile.open(file).close());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyNumpyDtypeRoundTripsStoredAndDeflated(boolean compressed) {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (DType t : DType.values()) {
      if (t != DType.BF16) {
        tensors.put("layer/" + t.languageName(), sample(t, Shape.of(2, 3)));
      }
    }
    tensors.put("scalar", sample(DType.F64, Shape.scalar()));
    tensors.put("empty", sample(DType.I32, Shape.of(0)));
    Path file = tmp.resolve("t.npz");
    NpzWriter.write(file, tensors, compressed);
    try (NpzFile f = NpzFile.open(file)) {
      assertEquals(List.copyOf(tensors.keySet()), f.names());
      tensors.forEach((name, t) -> assertSameTensor(t, f.read(name), name));
      assertEquals(-1, f.info("scalar").byteOffset());
    }
  }

  @Test
  void writtenArchiveMatchesTheFixtureEntryNames() throws IOException {
    Path file = tmp.resolve("a.npz");
    NpzWriter.write(file, Fixtures.expectedGroup("npz"), false);
    try (NpzFile mine = NpzFile.open(file); NpzFile numpys = NpzFile.open(Fixtures.dir().resolve("arrays.npz"))) {
      assertEquals(numpys.names(), mine.names());
      for (String name : numpys.names()) {
        assertSameTensor(numpys.read(name), mine.read(name), name);
      }
    }
  }

  @Test
  void notAZipArchive() {
    Path f = Fixtures.write(tmp, "x.npz", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
    assertMessage(openFails(f), f, "is not a valid zip archive");
  }

  @Test
  void badEntryHeaderNamesTheEntry() throws IOException {
    Path f = zip("x.npz", Map.of("w.npy", "not an npy".getBytes()));
    TensorFileException e = openFails(f);
    assertMessage(e, Path.of(f + "!w.npy"), "does not start with the npy magic string");
  }

  @Test
  void truncatedEntryAndATerabyteClaimFailFast() throws IOException {
    // 12 bytes of prefix + 68 of header text + 2^40 of data; the entry holds 12 + 68 + 8.
    byte[] claim = NpyTest.npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (137438953472,), }", new byte[8]);
    Path f = zip("x.npz", Map.of("w.npy", claim));
    TensorFileException e = assertTimeoutPreemptively(ofSeconds(2), () -> openFails(f));
    assertMessage(e, Path.of(f + "!w.npy"), "is 88 bytes but its header needs 1099511627856", "truncated");
  }

  @Test
  void otherEntriesAreNotedAndSkipped() throws IOException {
    byte[] one = NpyTest.npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }", new byte[] {9});
    Path f = zip("x.npz", new LinkedHashMap<>(Map.of("readme.txt", new byte[] {'h', 'i'})));
    Path g = zip("y.npz", orderedOf("readme.txt", new byte[] {'h'}, "a.npy", one));
    try (NpzFile file = NpzFile.open(g)) {
      assertEquals(List.of("a"), file.names());
      assertEquals(List.of("entry readme.txt is not an .npy file and is ignored"), file.notes());
      assertArrayEquals(new long[] {9}, file.read("a").toLongArray());
    }
    try (NpzFile file = NpzFile.open(f)) {
      assertEquals(List.of(), file.names());
    }
  }

  private static Map<String, byte[]> orderedOf(String k1, byte[] v1, String k2, byte[] v2) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
