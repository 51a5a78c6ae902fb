package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moelab.io.Fixtures.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** A failed write leaves neither a temporary file nor a changed target; a good one replaces it. */
class AtomicWriteTest {
  @TempDir Path tmp;

  private List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Path existing() throws IOException {
    return Files.writeString(tmp.resolve("model.safetensors"), "old contents");
  }

  @Test
  void successfulWriteReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path target = existing();
    SafetensorsWriter.write(target, Map.of("w", HostTensor.ofFloats(Shape.of(1), 4f)));
    assertEquals(List.of("model.safetensors"), filesIn(tmp));
    try (SafetensorsFile f = SafetensorsFile.open(target)) {
      assertArrayEquals(new float[] {4f}, f.read("w").toFloatArray());
    }
  }

  @Test
  void failureWhileWritingKeepsTheOldFileAndRemovesTheTemporaryFile() throws IOException {
    Path target = existing();
    List<TensorSpec> specs = List.of(new TensorSpec("w", DType.F32, Shape.of(2)));
    try (SafetensorsStreamWriter w = SafetensorsStreamWriter.create(target, specs, Map.of())) {
      assertEquals(2, filesIn(tmp).size(), "the temporary file exists while writing");
      assertThrows(TensorFileException.class, () -> w.write("w", HostTensor.ofFloats(Shape.of(3), 1, 2, 3)));
    }
    assertEquals(List.of("model.safetensors"), filesIn(tmp));
    assertEquals("old contents", Files.readString(target));
  }

  @Test
  void failureWhenMovingIntoPlaceRemovesTheTemporaryFile() throws IOException {
    Path target = tmp.resolve("model.safetensors");
    List<TensorSpec> specs = List.of(new TensorSpec("w", DType.F32, Shape.of(1)));
    try (SafetensorsStreamWriter w = SafetensorsStreamWriter.create(target, specs, Map.of())) {
      w.write("w", HostTensor.ofFloats(Shape.of(1), 1f));
      Files.createDirectories(target.resolve("blocker"));
      TensorFileException e = assertThrows(TensorFileException.class, w::commit);
      assertMessage(e, target, "cannot move the finished file into place", "unchanged");
    }
    assertEquals(List.of("model.safetensors"), filesIn(tmp));
    assertTrue(Files.isDirectory(target.resolve("blocker")), "the existing target is untouched");
  }

  @Test
  void failureInTheMiddleOfAnNpzKeepsTheOldFile() throws IOException {
    Path target = Files.writeString(tmp.resolve("a.npz"), "old");
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("ok", HostTensor.ofFloats(Shape.of(1), 1f));
    tensors.put("bad", HostTensor.ofFloats(Shape.of(1), 1f).cast(DType.BF16));
    TensorFileException e = assertThrows(TensorFileException.class, () -> NpzWriter.write(target, tensors, true));
    assertMessage(e, target, "bfloat16");
    assertEquals(List.of("a.npz"), filesIn(tmp));
    assertEquals("old", Files.readString(target));
  }

  @Test
  void missingDirectoryAndDirectoryTargetAreReported() {
    Path nowhere = tmp.resolve("missing/model.safetensors");
    Map<String, HostTensor> one = Map.of("w", HostTensor.ofFloats(Shape.of(1), 1f));
    assertMessage(assertThrows(TensorFileException.class, () -> SafetensorsWriter.write(nowhere, one)),
        nowhere, "does not exist; create it first");
    assertMessage(assertThrows(TensorFileException.class, () -> SafetensorsWriter.write(tmp, one)),
        tmp, "is a directory");
  }
}
