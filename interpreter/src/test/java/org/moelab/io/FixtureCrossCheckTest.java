package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.moelab.io.Fixtures.assertSameTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.tensor.HostTensor;

/** Reads files written by numpy, torch and the hand-written reference encoder, and writes them back. */
class FixtureCrossCheckTest {
  @TempDir Path tmp;

  @Test
  void referenceSafetensorsReadsEveryDtype() {
    Map<String, HostTensor> expected = Fixtures.expectedGroup("reference");
    try (SafetensorsFile f = SafetensorsFile.open(Fixtures.dir().resolve("reference.safetensors"))) {
      assertEquals(expected.keySet(), Set.copyOf(f.names()));
      assertEquals(Map.of("format", "pt"), f.metadata());
      assertEquals(List.of(), f.notes());
      expected.forEach((name, t) -> assertSameTensor(t, f.read(name), name));
    }
  }

  @Test
  void bf16AndF16BitPatternsMatchTorchAndNumpy() {
    try (SafetensorsFile f = SafetensorsFile.open(Fixtures.dir().resolve("reference.safetensors"))) {
      // torch.tensor([1.0, -2.5, 3.140625, 1e38, 1e-40], dtype=torch.bfloat16).float(); 1e-40
      // rounds to the bf16 subnormal with bits 0x0001, which is 2^-133.
      assertArrayEquals(new double[] {1.0, -2.5, 3.140625, 9.969209968386869e37, 0x1p-133},
          f.read("bf16.weight").toDoubleArray(), 0.0);
      // numpy float16 [1, 65504, 6e-08 (subnormal 2^-24), -0.0, inf]
      assertArrayEquals(new double[] {1.0, 65504.0, 0x1p-24, -0.0, Double.POSITIVE_INFINITY},
          f.read("f16.weight").toDoubleArray(), 0.0);
    }
  }

  @Test
  void writerReproducesTheReferenceBytes() throws IOException {
    Path out = tmp.resolve("again.safetensors");
    SafetensorsWriter.write(out, Fixtures.expectedGroup("reference"), Map.of("format", "pt"));
    assertArrayEquals(Files.readAllBytes(Fixtures.dir().resolve("reference.safetensors")), Files.readAllBytes(out));
  }

  @Test
  void npyFixturesFromNumpyRead() {
    for (String name : List.of("f8", "f4", "f2", "i8", "i4", "i2", "i1", "u1", "b1", "scalar", "empty",
        "fortran", "big_endian", "v2", "v3")) {
      try (NpyFile f = NpyFile.open(Fixtures.dir().resolve("npy/" + name + ".npy"))) {
        assertEquals(List.of(name), f.names());
        assertSameTensor(Fixtures.expected("npy/" + name), f.read(), name);
      }
    }
  }

  @Test
  void npyWriterReproducesNumpyBytes() throws IOException {
    for (String name : List.of("f8", "f4", "f2", "i8", "i4", "i2", "i1", "u1", "b1", "scalar", "empty")) {
      Path out = tmp.resolve(name + ".npy");
      NpyWriter.write(out, Fixtures.expected("npy/" + name));
      assertArrayEquals(Files.readAllBytes(Fixtures.dir().resolve("npy/" + name + ".npy")), Files.readAllBytes(out), name);
    }
  }

  @Test
  void npzFixturesStoredAndDeflatedRead() {
    Map<String, HostTensor> expected = Fixtures.expectedGroup("npz");
    for (String file : List.of("arrays.npz", "arrays_compressed.npz")) {
      try (NpzFile f = NpzFile.open(Fixtures.dir().resolve(file))) {
        assertEquals(List.of("a", "b", "c"), f.names(), file);
        expected.forEach((name, t) -> assertSameTensor(t, f.read(name), file + " " + name));
      }
    }
  }

  @Test
  void shardedFixtureReadsThroughTheIndex() {
    Path dir = Fixtures.dir().resolve("sharded");
    try (ShardedCheckpoint c = ShardedCheckpoint.open(dir)) {
      assertEquals(List.of("layer.0.b", "layer.0.w", "layer.1.w"), c.names(), "shard order, then data order");
      assertEquals(Map.of("total_size", "40"), c.metadata());
      assertEquals(List.of(), c.notes());
      assertEquals("model-00002-of-00002.safetensors", c.shardOf("layer.1.w").getFileName().toString());
      Fixtures.expectedGroup("sharded").forEach((name, t) -> assertSameTensor(t, c.read(name), name));
    }
  }
}
