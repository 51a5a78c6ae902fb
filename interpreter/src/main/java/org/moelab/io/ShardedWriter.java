package org.moelab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.moelab.tensor.HostTensor;

/**
 * Writes a sharded checkpoint directory one tensor at a time: {@code
 * model-0000i-of-0000n.safetensors} shards of at most {@code maxShardBytes} of data each (a larger
 * tensor gets a shard of its own) plus {@code model.safetensors.index.json}.
 *
 * <p>Shards are filled greedily in the order of the specs, which is also the order {@link #write}
 * must receive the tensors. An index is written even for one shard. Everything is written into a
 * temporary directory that {@link #commit()} renames into place (see {@link AtomicDirectory}).
 */
public final class ShardedWriter implements AutoCloseable {
  private final AtomicDirectory dir;
  private final List<List<TensorSpec>> plan;
  private final Map<String, String> metadata;
  private final Map<String, String> weightMap = new TreeMap<>();
  private long totalSize;
  private int shard = -1;
  private int written;
  private long partBytes;
  private SafetensorsStreamWriter current;

  private ShardedWriter(AtomicDirectory dir, List<List<TensorSpec>> plan, Map<String, String> metadata) {
    this.dir = dir;
    this.plan = plan;
    this.metadata = metadata;
  }

  /**
   * Starts writing {@code target}; {@code metadata} goes into every shard's header. Fails if
   * {@code target} is a non-empty directory and {@code overwrite} is false.
   */
  public static ShardedWriter create(
      Path target, List<TensorSpec> specs, long maxShardBytes, Map<String, String> metadata, boolean overwrite) {
    if (maxShardBytes <= 0) {
      throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
    }
    Set<String> names = new HashSet<>();
    for (TensorSpec spec : specs) {
      if (!names.add(spec.name())) {
        throw new TensorFileException(target, "the tensor name '" + spec.name() + "' is given twice; names must be unique.");
      }
    }
    List<List<TensorSpec>> plan = plan(specs, maxShardBytes);
    return new ShardedWriter(AtomicDirectory.create(target, overwrite), plan, Map.copyOf(metadata));
  }

  /** Writes all of {@code tensors} (in map order) to {@code target} and commits. */
  public static void write(
      Path target, Map<String, HostTensor> tensors, long maxShardBytes, Map<String, String> metadata, boolean overwrite) {
    List<TensorSpec> specs = new ArrayList<>();
    tensors.forEach((name, t) -> specs.add(TensorSpec.of(name, t)));
    try (ShardedWriter writer = create(target, specs, maxShardBytes, metadata, overwrite)) {
      tensors.forEach(writer::write);
      writer.commit();
    }
  }

  /** Splits {@code specs} into consecutive shards of at most {@code maxShardBytes} each. */
  static List<List<TensorSpec>> plan(List<TensorSpec> specs, long maxShardBytes) {
    List<List<TensorSpec>> shards = new ArrayList<>();
    List<TensorSpec> open = new ArrayList<>();
    long size = 0;
    for (TensorSpec spec : specs) {
      if (!open.isEmpty() && size + spec.byteLength() > maxShardBytes) {
        shards.add(List.copyOf(open));
        open.clear();
        size = 0;
      }
      open.add(spec);
      size += spec.byteLength();
    }
    if (!open.isEmpty() || shards.isEmpty()) {
      shards.add(List.copyOf(open));
    }
    return List.copyOf(shards);
  }

  /** The file name of shard {@code i} (0-based) of {@code n}. */
  static String shardName(int i, int n) {
    return String.format("model-%05d-of-%05d.safetensors", i + 1, n);
  }

  /** Writes the next tensor; its name, dtype and shape must match the next spec. */
  public void write(String name, HostTensor tensor) {
    while (current == null || written == plan.get(shard).size()) {
      nextShard();
    }
    current.write(name, tensor);
    weightMap.put(name, shardName(shard, plan.size()));
    totalSize += tensor.byteSize();
    written++;
  }

  /**
   * Appends {@code bytes} to the next tensor, which must be {@code name}; see {@link
   * SafetensorsStreamWriter#writePart}. The tensor is complete when its declared bytes are written.
   */
  public void writePart(String name, ByteBuffer bytes) {
    if (partBytes == 0) {
      while (current == null || written == plan.get(shard).size()) {
        nextShard();
      }
    }
    long size = plan.get(shard).get(written).byteLength();
    long n = bytes.remaining();
    current.writePart(name, bytes);
    partBytes += n;
    if (partBytes == size) {
      weightMap.put(name, shardName(shard, plan.size()));
      totalSize += size;
      written++;
      partBytes = 0;
    }
  }

  private void nextShard() {
    if (current != null) {
      current.commit();
    }
    shard++;
    if (shard >= plan.size()) {
      close();
      throw new TensorFileException(dir.target(), "got more tensors than were declared; nothing was written.");
    }
    written = 0;
    Path file = dir.temp().resolve(shardName(shard, plan.size()));
    current = SafetensorsStreamWriter.create(file, plan.get(shard), metadata);
  }

  /**
   * Copies {@code source} into the directory being written as {@code fileName} (a plain name, such
   * as {@code config.json}); it appears in the target only when {@link #commit()} succeeds.
   */
  public void copyFile(Path source, String fileName) {
    Path name = Path.of(fileName);
    if (name.getNameCount() != 1 || fileName.equals(ShardIndex.FILE_NAME) || fileName.endsWith(".safetensors")) {
      throw new IllegalArgumentException("not a plain extra file name: " + fileName);
    }
    try {
      java.nio.file.Files.copy(source, dir.temp().resolve(name));
    } catch (java.io.IOException e) {
      throw new TensorFileException(source, "cannot copy it into " + dir.target() + "; check that it is readable", e);
    }
  }

  /** Finishes the last shard, writes the index and renames the directory into place. */
  public void commit() {
    while (shard < plan.size() - 1 || current == null) {
      nextShard();
    }
    current.commit();
    writeIndex();
    dir.commit();
  }

  private void writeIndex() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("metadata").put("total_size", totalSize);
    ObjectNode map = root.putObject("weight_map");
    weightMap.forEach(map::put);
    Path file = dir.temp().resolve(ShardIndex.FILE_NAME);
    try (AtomicOutput out = AtomicOutput.create(file)) {
      out.write(ByteBuffer.wrap(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
      out.write(ByteBuffer.wrap(new byte[] {'\n'}));
      out.commit();
    } catch (JsonProcessingException e) {
      throw new TensorFileException(file, "cannot encode the index", e);
    }
  }

  /** Abandons the write unless committed: the temporary directory is deleted. */
  @Override
  public void close() {
    if (current != null) {
      current.close();
    }
    dir.close();
  }
}
