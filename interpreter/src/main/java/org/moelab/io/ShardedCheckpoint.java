package org.moelab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.moelab.tensor.HostTensor;

/**
 * A checkpoint directory: shards listed by {@code model.safetensors.index.json}, or a single
 * {@code *.safetensors} file, read lazily through one {@link TensorSource}.
 *
 * <p>Opening checks that the index stays inside the directory, that every shard exists and has
 * a valid header, and that every tensor in the index is in its shard. {@link TensorInfo#byteOffset}
 * is relative to the shard holding the tensor; {@link #shardOf} names that shard.
 */
public final class ShardedCheckpoint implements TensorSource {
  private final Path dir;
  private final Map<Path, SafetensorsFile> shards;
  private final Map<String, SafetensorsFile> owner;
  private final Map<String, String> metadata;
  private final List<String> notes;

  private ShardedCheckpoint(
      Path dir, Map<Path, SafetensorsFile> shards, Map<String, SafetensorsFile> owner,
      Map<String, String> metadata, List<String> notes) {
    this.dir = dir;
    this.shards = shards;
    this.owner = owner;
    this.metadata = metadata;
    this.notes = notes;
  }

  /** Opens the checkpoint in {@code dir}; fails with a {@link TensorFileException}. */
  public static ShardedCheckpoint open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new TensorFileException(dir, "is not a directory; give the checkpoint directory.");
    }
    Path index = dir.resolve(ShardIndex.FILE_NAME);
    if (Files.isRegularFile(index)) {
      return fromIndex(dir, index);
    }
    List<Path> files = safetensorsFiles(dir);
    if (files.size() != 1) {
      throw new TensorFileException(
          dir,
          files.isEmpty()
              ? "holds no .safetensors file; a checkpoint needs model.safetensors or shards with "
                  + ShardIndex.FILE_NAME + "."
              : "holds " + files.size() + " .safetensors files but no " + ShardIndex.FILE_NAME
                  + "; add the index or open one file directly.");
    }
    SafetensorsFile single = SafetensorsFile.open(files.get(0));
    Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
    single.names().forEach(n -> owner.put(n, single));
    return new ShardedCheckpoint(dir, Map.of(files.get(0), single), owner, single.metadata(), single.notes());
  }

  private static ShardedCheckpoint fromIndex(Path dir, Path indexFile) {
    ShardIndex index = ShardIndex.read(indexFile);
    Map<Path, SafetensorsFile> shards = new TreeMap<>();
    try {
      for (Path shard : index.weightMap().values()) {
        if (!shards.containsKey(shard)) {
          shards.put(shard, openShard(indexFile, shard));
        }
      }
      List<String> notes = new ArrayList<>();
      Map<String, SafetensorsFile> owner = assignTensors(indexFile, index, shards, notes);
      checkTotalSize(index, owner, notes);
      return new ShardedCheckpoint(dir, Collections.unmodifiableMap(shards), owner, index.metadata(), List.copyOf(notes));
    } catch (RuntimeException e) {
      shards.values().forEach(SafetensorsFile::close);
      throw e;
    }
  }

  private static SafetensorsFile openShard(Path indexFile, Path shard) {
    if (!Files.isRegularFile(shard)) {
      throw new TensorFileException(
          indexFile, "lists the shard " + shard.getFileName() + ", which does not exist; the checkpoint is incomplete.");
    }
    return SafetensorsFile.open(shard);
  }

  /** Maps each tensor to its shard in layout order (shard, then offset), checking the index. */
  private static Map<String, SafetensorsFile> assignTensors(
      Path indexFile, ShardIndex index, Map<Path, SafetensorsFile> shards, List<String> notes) {
    Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
    for (Map.Entry<Path, SafetensorsFile> shard : shards.entrySet()) {
      for (String name : shard.getValue().names()) {
        if (shard.getKey().equals(index.weightMap().get(name))) {
          owner.put(name, shard.getValue());
        } else {
          notes.add("tensor '" + name + "' in " + shard.getKey().getFileName() + " is not in the index and is ignored");
        }
      }
      shard.getValue().notes().forEach(n -> notes.add(shard.getKey().getFileName() + ": " + n));
    }
    for (Map.Entry<String, Path> entry : index.weightMap().entrySet()) {
      if (!owner.containsKey(entry.getKey())) {
        throw new TensorFileException(
            indexFile,
            "maps tensor '" + entry.getKey() + "' to " + entry.getValue().getFileName()
                + ", which does not contain it; the index and shards do not match.");
      }
    }
    return Collections.unmodifiableMap(owner);
  }

  private static void checkTotalSize(ShardIndex index, Map<String, SafetensorsFile> owner, List<String> notes) {
    String declared = index.metadata().get("total_size");
    long actual = owner.entrySet().stream().mapToLong(e -> e.getValue().info(e.getKey()).byteLength()).sum();
    if (declared != null && !declared.equals(Long.toString(actual))) {
      notes.add("the index declares total_size " + declared + " but the tensors hold " + actual + " bytes");
    }
  }

  private static List<Path> safetensorsFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new TensorFileException(dir, "cannot list the directory", e);
    }
  }

  @Override
  public Path path() {
    return dir;
  }

  @Override
  public List<String> names() {
    return List.copyOf(owner.keySet());
  }

  @Override
  public boolean contains(String name) {
    return owner.containsKey(name);
  }

  /** The shard file holding {@code name}. */
  public Path shardOf(String name) {
    return shard(name).path();
  }

  /** The shard files, in name order. */
  public List<Path> shards() {
    return List.copyOf(shards.keySet());
  }

  @Override
  public TensorInfo info(String name) {
    return shard(name).info(name);
  }

  @Override
  public HostTensor read(String name) {
    return shard(name).read(name);
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public List<String> notes() {
    return notes;
  }

  @Override
  public void close() {
    shards.values().forEach(SafetensorsFile::close);
  }

  private SafetensorsFile shard(String name) {
    SafetensorsFile file = owner.get(name);
    if (file == null) {
      throw TensorFileException.noSuchTensor(dir, name, names());
    }
    return file;
  }
}
