package org.moelab.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The index of a sharded checkpoint, {@code model.safetensors.index.json}: which shard holds
 * which tensor, plus free-form metadata such as {@code total_size}.
 *
 * @param weightMap tensor name to shard path (resolved inside the checkpoint directory)
 * @param metadata the index's {@code metadata} object with every value as a string
 */
record ShardIndex(Map<String, Path> weightMap, Map<String, String> metadata) {
  /** The standard index file name. */
  static final String FILE_NAME = "model.safetensors.index.json";

  /** The largest index accepted. */
  static final long MAX_INDEX_BYTES = 100_000_000L;

  /** Reads and validates {@code indexFile}; shard paths must stay inside its directory. */
  static ShardIndex read(Path indexFile) {
    byte[] bytes = readCapped(indexFile);
    ObjectNode root = Json.parseObject(indexFile, "index", bytes);
    JsonNode map = root.get("weight_map");
    if (map == null || !map.isObject()) {
      throw new TensorFileException(
          indexFile, "has no \"weight_map\" object; a sharded index maps each tensor name to its shard file.");
    }
    Path dir = indexFile.toAbsolutePath().getParent().normalize();
    Map<String, Path> weightMap = new LinkedHashMap<>();
    for (String name : Json.fieldNames(map)) {
      weightMap.put(name, shardPath(indexFile, dir, name, map.get(name)));
    }
    return new ShardIndex(Collections.unmodifiableMap(weightMap), parseMetadata(indexFile, root.get("metadata")));
  }

  private static byte[] readCapped(Path indexFile) {
    try {
      long size = Files.size(indexFile);
      if (size > MAX_INDEX_BYTES) {
        throw new TensorFileException(
            indexFile, "is " + size + " bytes, over the " + MAX_INDEX_BYTES + "-byte cap for an index; it is not a shard index.");
      }
      return Files.readAllBytes(indexFile);
    } catch (IOException e) {
      throw new TensorFileException(indexFile, "cannot be read", e);
    }
  }

  private static Path shardPath(Path indexFile, Path dir, String tensor, JsonNode value) {
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw new TensorFileException(
          indexFile, "maps tensor '" + tensor + "' to " + value + "; expected a shard file name string.");
    }
    String file = value.textValue();
    Path resolved;
    try {
      resolved = dir.resolve(file).normalize();
    } catch (InvalidPathException e) {
      throw new TensorFileException(indexFile, "maps tensor '" + tensor + "' to the invalid path \"" + file + "\".");
    }
    if (Path.of(file).isAbsolute() || !resolved.startsWith(dir) || resolved.equals(dir)) {
      throw new TensorFileException(
          indexFile,
          "maps tensor '" + tensor + "' to \"" + file + "\", which is outside the checkpoint directory;"
              + " shard files must be named relative to the index, without \"..\".");
    }
    return resolved;
  }

  private static Map<String, String> parseMetadata(Path indexFile, JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new TensorFileException(indexFile, "has \"metadata\" " + node.getNodeType() + "; expected an object.");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String key : Json.fieldNames(node)) {
      JsonNode value = node.get(key);
      metadata.put(key, value.isTextual() ? value.textValue() : value.toString());
    }
    return Collections.unmodifiableMap(metadata);
  }
}
