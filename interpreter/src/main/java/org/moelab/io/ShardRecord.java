package org.moelab.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The completion record of one shard of a resumable sharded write. It is written atomically
 * (temporary file, fsync, rename) only after the shard itself was forced to disk and renamed into
 * place, so a shard counts as finished only when its record exists and the file still matches it.
 *
 * @param fingerprint the fingerprint of the write the shard belongs to
 * @param file the shard's file name
 * @param bytes the shard's exact length in bytes
 * @param crc32c the CRC-32C of the whole shard file
 * @param tensors the names of the tensors in the shard, in file order
 */
record ShardRecord(String fingerprint, String file, long bytes, long crc32c, List<String> tensors) {
  private static final String SUFFIX = ".done";
  private static final int READ_CHUNK = 1 << 20;

  /** Copies the list. */
  ShardRecord {
    tensors = List.copyOf(tensors);
  }

  /** The record's file name for the shard file {@code shard}: hidden, next to the shard. */
  static String fileName(String shard) {
    return "." + shard + SUFFIX;
  }

  /** Whether {@code name} is a record's file name. */
  static boolean isRecord(String name) {
    return name.startsWith(".") && name.endsWith(".safetensors" + SUFFIX);
  }

  /** Writes this record atomically into {@code dir}, next to its shard. */
  void write(Path dir) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("fingerprint", fingerprint);
    root.put("file", file);
    root.put("bytes", bytes);
    root.put("crc32c", crc32c);
    tensors.forEach(root.putArray("tensors")::add);
    try (AtomicOutput out = AtomicOutput.create(dir.resolve(fileName(file)))) {
      out.write(ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(root)));
      out.commit();
    } catch (IOException e) {
      throw new TensorFileException(dir.resolve(fileName(file)), "cannot encode the shard's completion record", e);
    }
  }

  /** The record of shard {@code shard} in {@code dir}; empty when it is missing or unreadable. */
  static Optional<ShardRecord> read(Path dir, String shard) {
    Path path = dir.resolve(fileName(shard));
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    try {
      ObjectNode root = Json.parseObject(path, "completion record", Files.readAllBytes(path));
      JsonNode names = root.path("tensors");
      if (!names.isArray() || !root.path("fingerprint").isTextual() || !root.path("file").isTextual()) {
        return Optional.empty();
      }
      List<String> tensors = new ArrayList<>();
      names.forEach(n -> tensors.add(n.asText()));
      return Optional.of(new ShardRecord(root.get("fingerprint").asText(), root.get("file").asText(),
          Json.nonNegativeLong(root.get("bytes")), Json.nonNegativeLong(root.get("crc32c")), tensors));
    } catch (IOException | TensorFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the shard file {@code shard} is the one this record describes and the one expected now:
   * same fingerprint, name, tensor list and length, and the file's bytes have this CRC-32C.
   */
  boolean matches(Path shard, String expectedFingerprint, List<String> expectedTensors, long expectedBytes) {
    if (!fingerprint.equals(expectedFingerprint) || !file.equals(shard.getFileName().toString())
        || !tensors.equals(expectedTensors) || bytes != expectedBytes) {
      return false;
    }
    try {
      return Files.isRegularFile(shard) && Files.size(shard) == bytes && crc32cOf(shard) == crc32c;
    } catch (IOException e) {
      return false;
    }
  }

  /** The CRC-32C of the whole file. */
  static long crc32cOf(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(READ_CHUNK);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buffer.clear()) >= 0) {
        crc.update(buffer.flip());
      }
    }
    return crc.getValue();
  }
}
