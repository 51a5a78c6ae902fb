package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.moelab.io.Fixtures.assertMessage;
import static org.moelab.io.Fixtures.assertSameTensor;
import static org.moelab.io.Fixtures.sample;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

class TensorFilesTest {
  @TempDir Path tmp;

  @Test
  void loadDispatchesOnExtensionAndDirectory() {
    Path dir = Fixtures.dir();
    try (TensorSource s = TensorFiles.load(dir.resolve("reference.safetensors"))) {
      assertInstanceOf(SafetensorsFile.class, s);
    }
    try (TensorSource s = TensorFiles.load(dir.resolve("npy/f4.npy"))) {
      assertInstanceOf(NpyFile.class, s);
      assertEquals(List.of("f4"), s.names());
    }
    try (TensorSource s = TensorFiles.load(dir.resolve("arrays.npz"))) {
      assertInstanceOf(NpzFile.class, s);
    }
    try (TensorSource s = TensorFiles.load(dir.resolve("sharded"))) {
      assertEquals(3, s.names().size());
    }
    try (TensorSource s = TensorFiles.load(dir.resolve("sharded/model.safetensors.index.json"))) {
      assertEquals(3, s.names().size());
    }
  }

  @Test
  void saveThenLoadRoundTripsEachFormat() {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("a", sample(DType.F16, Shape.of(2, 2)));
    tensors.put("b", sample(DType.I64, Shape.of(3)));
    for (String name : List.of("t.safetensors", "t.npz")) {
      Path file = tmp.resolve(name);
      TensorFiles.save(tensors, file);
      try (TensorSource s = TensorFiles.load(file)) {
        tensors.forEach((n, t) -> assertSameTensor(t, s.read(n), name + " " + n));
      }
    }
    Path npy = tmp.resolve("a.npy");
    TensorFiles.save(Map.of("a", tensors.get("a")), npy);
    try (TensorSource s = TensorFiles.load(npy)) {
      assertSameTensor(tensors.get("a"), s.read("a"), "npy");
    }
  }

  @Test
  void unsupportedPathsAreReported() {
    Path txt = Fixtures.write(tmp, "notes.txt", new byte[] {1});
    assertMessage(assertThrows(TensorFileException.class, () -> TensorFiles.load(txt)), txt, "unknown tensor file type", ".safetensors");
    Path gone = tmp.resolve("gone.bin");
    assertMessage(assertThrows(TensorFileException.class, () -> TensorFiles.load(gone)), gone, "does not exist");
    Map<String, HostTensor> two = Map.of("a", sample(DType.F32, Shape.of(1)), "b", sample(DType.F32, Shape.of(1)));
    Path npy = tmp.resolve("two.npy");
    assertMessage(assertThrows(TensorFileException.class, () -> TensorFiles.save(two, npy)), npy, "exactly one tensor", "2 were given");
    Path pt = tmp.resolve("model.pt");
    assertMessage(assertThrows(TensorFileException.class, () -> TensorFiles.save(two, pt)), pt, "unknown extension");
  }
}
