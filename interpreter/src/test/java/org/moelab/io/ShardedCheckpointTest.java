package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moelab.io.Fixtures.assertMessage;
import static org.moelab.io.Fixtures.assertSameTensor;
import static org.moelab.io.Fixtures.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

class ShardedCheckpointTest {
  @TempDir Path tmp;

  private Path checkpoint(String index, Map<String, Map<String, HostTensor>> shards) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ckpt"));
    shards.forEach((file, tensors) -> SafetensorsWriter.write(dir.resolve(file), tensors));
    Files.writeString(dir.resolve("model.safetensors.index.json"), index);
    return dir;
  }

  private static Map<String, HostTensor> one(String name) {
    return Map.of(name, HostTensor.ofFloats(Shape.of(2), 1f, 2f));
  }

  private TensorFileException openFails(Path dir) {
    return assertThrows(TensorFileException.class, () -> ShardedCheckpoint.open(dir).close());
  }

  @Test
  void singleSafetensorsFileInADirectoryOpens() {
    Path dir = tmp.resolve("single");
    SafetensorsWriter.write(mkdir(dir).resolve("adapter_model.safetensors"), one("w"), Map.of("format", "pt"));
    try (ShardedCheckpoint c = ShardedCheckpoint.open(dir)) {
      assertEquals(List.of("w"), c.names());
      assertEquals(Map.of("format", "pt"), c.metadata());
    }
  }

  @Test
  void directoryWithoutTensorFilesOrWithSeveralUnindexedFails() {
    Path empty = mkdir(tmp.resolve("empty"));
    assertMessage(openFails(empty), empty, "holds no .safetensors file");
    SafetensorsWriter.write(empty.resolve("a.safetensors"), one("a"));
    SafetensorsWriter.write(empty.resolve("b.safetensors"), one("b"));
    assertMessage(openFails(empty), empty, "holds 2 .safetensors files but no model.safetensors.index.json");
    Path file = empty.resolve("a.safetensors");
    assertMessage(openFails(file), file, "is not a directory");
  }

  @Test
  void indexPointingOutsideTheDirectoryIsRejected() throws IOException {
    SafetensorsWriter.write(tmp.resolve("outside.safetensors"), one("w"));
    Path dir = checkpoint("{\"weight_map\":{\"w\":\"../outside.safetensors\"}}", Map.of());
    Path index = dir.resolve("model.safetensors.index.json");
    assertMessage(openFails(dir), index, "maps tensor 'w' to \"../outside.safetensors\", which is outside the checkpoint directory", "without \"..\"");
    Files.writeString(index, "{\"weight_map\":{\"w\":\"" + tmp.resolve("outside.safetensors") + "\"}}");
    assertMessage(openFails(dir), index, "outside the checkpoint directory");
    Files.writeString(index, "{\"weight_map\":{\"w\":\"sub/../../outside.safetensors\"}}");
    assertMessage(openFails(dir), index, "outside the checkpoint directory");
  }

  @Test
  void missingShardIsReported() throws IOException {
    Path dir = checkpoint("{\"weight_map\":{\"w\":\"model-00002-of-00002.safetensors\"}}", Map.of());
    assertMessage(openFails(dir), dir.resolve("model.safetensors.index.json"),
        "lists the shard model-00002-of-00002.safetensors, which does not exist");
  }

  @Test
  void tensorMissingFromItsShardIsReported() throws IOException {
    Path dir = checkpoint("{\"weight_map\":{\"w\":\"a.safetensors\",\"v\":\"a.safetensors\"}}", Map.of("a.safetensors", one("w")));
    assertMessage(openFails(dir), dir.resolve("model.safetensors.index.json"),
        "maps tensor 'v' to a.safetensors, which does not contain it");
  }

  @Test
  void malformedIndexIsReported() throws IOException {
    Path dir = checkpoint("{\"weight_map\":{\"w\":3}}", Map.of());
    Path index = dir.resolve("model.safetensors.index.json");
    assertMessage(openFails(dir), index, "maps tensor 'w' to 3; expected a shard file name");
    Files.writeString(index, "{\"metadata\":{}}");
    assertMessage(openFails(dir), index, "has no \"weight_map\" object");
    Files.writeString(index, "{\"weight_map\":");
    assertMessage(openFails(dir), index, "the index is not valid JSON");
  }

  @Test
  void unindexedTensorsAndAWrongTotalSizeAreNoted() throws IOException {
    Map<String, HostTensor> both = new LinkedHashMap<>(one("w"));
    both.put("extra", HostTensor.ofFloats(Shape.of(1), 3f));
    Path dir = checkpoint("{\"metadata\":{\"total_size\":99},\"weight_map\":{\"w\":\"a.safetensors\"}}", Map.of("a.safetensors", both));
    try (ShardedCheckpoint c = ShardedCheckpoint.open(dir)) {
      assertEquals(List.of("w"), c.names());
      assertEquals(List.of(
          "tensor 'extra' in a.safetensors is not in the index and is ignored",
          "the index declares total_size 99 but the tensors hold 8 bytes"), c.notes());
      assertThrows(TensorFileException.class, () -> c.read("extra"));
    }
  }

  @Test
  void shardedWriterSplitsByMaxSizeAndWritesTheIndex() throws IOException {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("embed", sample(DType.BF16, Shape.of(8, 4)));   // 64 bytes
    tensors.put("layer.0", sample(DType.F32, Shape.of(4, 4)));  // 64 bytes
    tensors.put("layer.1", sample(DType.F32, Shape.of(2)));     // 8 bytes
    tensors.put("huge", sample(DType.F64, Shape.of(30)));       // 240 bytes, over the limit: own shard
    tensors.put("mask", sample(DType.BOOL, Shape.of(3)));
    Path dir = tmp.resolve("out");
    ShardedWriter.write(dir, tensors, 100, Map.of("format", "pt"), false);

    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("model-00001-of-00004.safetensors", "model-00002-of-00004.safetensors",
              "model-00003-of-00004.safetensors", "model-00004-of-00004.safetensors", "model.safetensors.index.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    try (ShardedCheckpoint c = ShardedCheckpoint.open(dir)) {
      assertEquals(Map.of("total_size", "379"), c.metadata());
      assertEquals("model-00002-of-00004.safetensors", c.shardOf("layer.1").getFileName().toString());
      assertEquals("model-00003-of-00004.safetensors", c.shardOf("huge").getFileName().toString());
      tensors.forEach((name, t) -> assertSameTensor(t, c.read(name), name));
      assertEquals(List.of(), c.notes());
    }
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(List.of("out"), siblings.map(p -> p.getFileName().toString()).toList(), "no temporary directory left");
    }
  }

  @Test
  void shardedWriterRefusesANonEmptyDirectoryUnlessAskedToOverwrite() throws IOException {
    Path dir = mkdir(tmp.resolve("out"));
    Files.writeString(dir.resolve("keep.txt"), "x");
    Map<String, HostTensor> tensors = one("w");
    TensorFileException e = assertThrows(TensorFileException.class, () -> ShardedWriter.write(dir, tensors, 100, Map.of(), false));
    assertMessage(e, dir, "is a non-empty directory", "overwrite");
    assertTrue(Files.exists(dir.resolve("keep.txt")));

    ShardedWriter.write(dir, tensors, 100, Map.of(), true);
    assertTrue(Files.notExists(dir.resolve("keep.txt")), "replaced");
    try (ShardedCheckpoint c = ShardedCheckpoint.open(dir)) {
      assertEquals(List.of("w"), c.names());
    }
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(1, siblings.count(), "neither the temporary nor the old directory is left");
    }
  }

  @Test
  void failedShardedWriteLeavesNoTemporaryDirectory() throws IOException {
    Path dir = tmp.resolve("out");
    List<TensorSpec> specs = List.of(new TensorSpec("a", DType.F32, Shape.of(2)), new TensorSpec("b", DType.F32, Shape.of(2)));
    try (ShardedWriter w = ShardedWriter.create(dir, specs, 8, Map.of(), false)) {
      w.write("a", HostTensor.ofFloats(Shape.of(2), 1f, 2f));
      TensorFileException e = assertThrows(TensorFileException.class, () -> w.write("c", HostTensor.ofFloats(Shape.of(2), 1f, 2f)));
      assertTrue(e.getMessage().contains("expected tensor 'b'"), e.getMessage());
    }
    List<TensorSpec> twice = List.of(specs.get(0), specs.get(0));
    TensorFileException e = assertThrows(TensorFileException.class, () -> ShardedWriter.create(dir, twice, 4, Map.of(), false));
    assertMessage(e, dir, "'a' is given twice");
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(List.of(), siblings.toList());
    }
  }

  @Test
  void indexWrittenByTheWriterUsesRelativeShardNames() throws IOException {
    Path dir = tmp.resolve("out");
    ShardedWriter.write(dir, one("w"), 100, Map.of(), false);
    String index = Files.readString(dir.resolve("model.safetensors.index.json"), StandardCharsets.UTF_8);
    assertTrue(index.contains("\"w\" : \"model-00001-of-00001.safetensors\""), index);
    assertTrue(index.contains("\"total_size\" : 8"), index);
  }

  private static Path mkdir(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
