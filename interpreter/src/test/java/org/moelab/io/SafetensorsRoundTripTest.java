package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moelab.io.Fixtures.assertSameTensor;
import static org.moelab.io.Fixtures.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

class SafetensorsRoundTripTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(DType.class)
  void everyDtypeRoundTripsBitForBit(DType dtype) {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("matrix", sample(dtype, Shape.of(3, 5)));
    tensors.put("scalar", sample(dtype, Shape.scalar()));
    tensors.put("empty", sample(dtype, Shape.of(4, 0, 2)));
    Path file = tmp.resolve(dtype + ".safetensors");
    SafetensorsWriter.write(file, tensors, Map.of("dtype", dtype.name()));

    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(Map.of("dtype", dtype.name()), f.metadata());
      assertEquals(List.of(), f.notes());
      for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
        assertSameTensor(e.getValue(), f.read(e.getKey()), dtype + " " + e.getKey());
      }
      assertEquals(Shape.scalar(), f.info("scalar").shape());
      assertEquals(0, f.info("empty").byteLength());
    }
  }

  @Test
  void emptyFileMatchesTheReferenceBytes() throws IOException {
    Path file = tmp.resolve("empty.safetensors");
    SafetensorsWriter.write(file, Map.of());
    // From the reference implementation's test_empty: "{}" padded with six spaces.
    assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', 32, 32, 32, 32, 32, 32}, Files.readAllBytes(file));

    SafetensorsWriter.write(file, Map.of(), Map.of("framework", "pt"));
    byte[] expected = Fixtures.safetensors(40, "{\"__metadata__\":{\"framework\":\"pt\"}}     ".getBytes(StandardCharsets.UTF_8), new byte[0]);
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void singleTensorMatchesTheReferenceBytes() throws IOException {
    Path file = tmp.resolve("attn.safetensors");
    SafetensorsWriter.write(file, Map.of("attn0", HostTensor.ofFloats(Shape.of(1, 1, 2, 3), 0, 1, 2, 3, 4, 5)));
    // From the reference implementation's test_serialization_forced_alignement.
    String header = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ";
    byte[] data = {0, 0, 0, 0, 0, 0, (byte) 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, (byte) 128, 64, 0, 0, (byte) 160, 64};
    assertArrayEquals(Fixtures.safetensors(header, data), Files.readAllBytes(file));
  }

  @Test
  void layoutFollowsTheReferenceOrderAndKeepsTensorsAligned() {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("z.mask", sample(DType.BOOL, Shape.of(3)));
    tensors.put("b.half", sample(DType.F16, Shape.of(3)));
    tensors.put("a.index", sample(DType.I64, Shape.of(2)));
    tensors.put("c.float", sample(DType.F32, Shape.of(1)));
    tensors.put("a.float", sample(DType.F32, Shape.of(1)));
    tensors.put("d.double", sample(DType.F64, Shape.of(1)));
    Path file = tmp.resolve("order.safetensors");
    SafetensorsWriter.write(file, tensors);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(List.of("a.index", "d.double", "a.float", "c.float", "b.half", "z.mask"), f.names());
      assertEquals(0, f.dataStart() % 8);
      for (String name : f.names()) {
        TensorInfo info = f.info(name);
        assertEquals(0, info.byteOffset() % info.dtype().byteSize(), name + " aligned");
      }
    }
  }

  @Test
  void readReturnsAViewIntoTheMapping() {
    Path file = tmp.resolve("view.safetensors");
    SafetensorsWriter.write(file, Map.of("w", HostTensor.ofFloats(Shape.of(2), 1.5f, -2f)));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      HostTensor w = f.read("w");
      assertTrue(w.data().isDirect(), "a mapped view, not a heap copy");
      assertArrayEquals(new float[] {1.5f, -2f}, w.toFloatArray());
    }
  }

  @Test
  void perTensorMappingReadsTheSameBytesAsOneWindow() {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (DType t : DType.values()) {
      tensors.put(t.name(), sample(t, Shape.of(7)));
    }
    Path file = tmp.resolve("windows.safetensors");
    SafetensorsWriter.write(file, tensors);
    try (SafetensorsFile f = SafetensorsFile.open(file, 16)) {
      tensors.forEach((name, t) -> assertSameTensor(t, f.read(name), name));
    }
  }

  @Test
  void unknownNameAndReadAfterCloseFailWithTheFileName() {
    Path file = tmp.resolve("names.safetensors");
    SafetensorsWriter.write(file, Map.of("w", HostTensor.ofFloats(Shape.of(1), 1f)));
    SafetensorsFile f = SafetensorsFile.open(file);
    TensorFileException missing = assertThrows(TensorFileException.class, () -> f.read("v"));
    Fixtures.assertMessage(missing, file, "no tensor named 'v'", "(w)");
    HostTensor before = f.read("w");
    f.close();
    Fixtures.assertMessage(assertThrows(TensorFileException.class, () -> f.read("w")), file, "is closed");
    assertArrayEquals(new float[] {1f}, before.toFloatArray(), "tensors read before close stay valid");
  }

  @Test
  void streamWriterWritesTensorsInTheDeclaredOrder() {
    Path file = tmp.resolve("stream.safetensors");
    List<TensorSpec> specs =
        List.of(new TensorSpec("b", DType.F16, Shape.of(3)), new TensorSpec("a", DType.F64, Shape.of(2)));
    HostTensor b = sample(DType.F16, Shape.of(3));
    HostTensor a = sample(DType.F64, Shape.of(2));
    try (SafetensorsStreamWriter w = SafetensorsStreamWriter.create(file, specs, Map.of("merge", "ties"))) {
      w.write("b", b);
      w.write("a", a);
      w.commit();
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(List.of("b", "a"), f.names());
      assertSameTensor(b, f.read("b"), "b");
      assertSameTensor(a, f.read("a"), "a");
      assertEquals("ties", f.metadata().get("merge"));
    }
  }

  @Test
  void streamWriterRejectsOutOfOrderMissingAndDuplicateTensors() {
    Path file = tmp.resolve("bad.safetensors");
    List<TensorSpec> specs =
        List.of(new TensorSpec("a", DType.F32, Shape.of(1)), new TensorSpec("b", DType.F32, Shape.of(1)));
    HostTensor one = HostTensor.ofFloats(Shape.of(1), 1f);
    try (SafetensorsStreamWriter w = SafetensorsStreamWriter.create(file, specs, Map.of())) {
      Fixtures.assertMessage(assertThrows(TensorFileException.class, () -> w.write("b", one)), file, "expected tensor 'a'", "declared order");
    }
    try (SafetensorsStreamWriter w = SafetensorsStreamWriter.create(file, specs, Map.of())) {
      w.write("a", one);
      Fixtures.assertMessage(assertThrows(TensorFileException.class, w::commit), file, "only 1 of 2", "'b'");
    }
    List<TensorSpec> twice = List.of(specs.get(0), specs.get(0));
    Fixtures.assertMessage(
        assertThrows(TensorFileException.class, () -> SafetensorsStreamWriter.create(file, twice, Map.of())),
        file, "'a' is given twice");
    assertTrue(Files.notExists(file), "nothing was written");
  }
}
