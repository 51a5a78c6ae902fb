package org.moelab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.moelab.tensor.HostTensor;

/**
 * Writes a sharded checkpoint directory one tensor at a time: {@code
 * model-0000i-of-0000n.safetensors} shards of at most {@code maxShardBytes} of data each (a larger
 * tensor gets a shard of its own) plus {@code model.safetensors.index.json}.
 *
 * <p>Shards are filled greedily in the order of the specs, which is also the order {@link #write}
 * must receive the tensors; so the shard boundaries depend only on the specs and the shard size. An
 * index is written even for one shard. Each shard is finished (forced to disk and renamed into
 * place) as soon as its last tensor is written. Everything is written into a hidden directory next
 * to the target that {@link #commit()} renames into place.
 *
 * <p>{@link #create} writes into a fresh temporary directory (see {@link AtomicDirectory}) that is
 * deleted when the write is abandoned. {@link #resumable} writes into the fixed directory {@code
 * .NAME.moe-partial} (see {@link PartialDirectory}) and records every finished shard (see {@link
 * ShardRecord}), so that a rerun of the same write keeps the finished shards of an interrupted
 * attempt: the caller skips the tensors {@link #isKept kept}, and the writer skips their shards.
 */
public final class ShardedWriter implements AutoCloseable {
  private static final String WRITER_VERSION = "sharded-writer 1";
  private final StagingDirectory dir;
  private final List<List<TensorSpec>> plan;
  private final Map<String, String> metadata;
  private final Map<String, String> weightMap = new TreeMap<>();
  private final String fingerprint;
  private final boolean[] kept;
  private final Set<String> keptNames = new HashSet<>();
  private final ResumeReport report;
  private final CRC32C crc = new CRC32C();
  private long totalSize;
  private long shardBytes;
  private int shard = -1;
  private int written;
  private long partBytes;
  private SafetensorsStreamWriter current;

  private ShardedWriter(StagingDirectory dir, List<List<TensorSpec>> plan, Map<String, String> metadata,
      String fingerprint, PartialShards partial) {
    this.dir = dir;
    this.plan = plan;
    this.metadata = metadata;
    this.fingerprint = fingerprint;
    this.kept = new boolean[plan.size()];
    int tensors = plan.stream().mapToInt(List::size).sum();
    this.report = partial == null ? ResumeReport.fresh(dir.temp(), plan.size(), tensors) : partial.report();
    for (int i = 0; i < plan.size(); i++) {
      kept[i] = partial != null && partial.kept(i);
      if (kept[i]) {
        for (TensorSpec spec : plan.get(i)) {
          keptNames.add(spec.name());
          weightMap.put(spec.name(), shardName(i, plan.size()));
          totalSize += spec.byteLength();
        }
      }
    }
  }

  /**
   * Starts writing {@code target}; {@code metadata} goes into every shard's header. Fails if
   * {@code target} is a non-empty directory and {@code overwrite} is false.
   */
  public static ShardedWriter create(
      Path target, List<TensorSpec> specs, long maxShardBytes, Map<String, String> metadata, boolean overwrite) {
    List<List<TensorSpec>> plan = checkedPlan(target, specs, maxShardBytes);
    return new ShardedWriter(StagingDirectory.of(AtomicDirectory.create(target, overwrite)), plan,
        Map.copyOf(metadata), null, null);
  }

  /**
   * Starts a resumable write of {@code target}, which must be missing or empty. {@code description}
   * describes everything that determines the tensors' bytes (the inputs and how they are turned
   * into outputs), one line each; with the specs, the shard size and the metadata it is
   * fingerprinted (SHA-256). When {@code resume} is set and an interrupted attempt with the same
   * fingerprint left finished shards in {@code .NAME.moe-partial}, those that still match their
   * completion records are kept: see {@link #resumeReport()} and {@link #isKept}. Anything else
   * found there is deleted. Fails when another write of {@code target} holds the lock.
   */
  public static ShardedWriter resumable(Path target, List<TensorSpec> specs, long maxShardBytes,
      Map<String, String> metadata, List<String> description, boolean resume) {
    List<List<TensorSpec>> plan = checkedPlan(target, specs, maxShardBytes);
    Map<String, String> meta = Map.copyOf(metadata);
    List<String> lines = describe(description, specs, maxShardBytes, meta);
    PartialDirectory dir = PartialDirectory.open(target);
    try {
      List<String> files = new ArrayList<>();
      long[] bytes = new long[plan.size()];
      for (int i = 0; i < plan.size(); i++) {
        files.add(shardName(i, plan.size()));
        bytes[i] = fileBytes(dir.temp().resolve(files.get(i)), plan.get(i), meta);
      }
      PartialShards partial = PartialShards.scan(dir.temp(), lines, plan, files, bytes, resume);
      return new ShardedWriter(dir, plan, meta, PartialShards.fingerprint(lines), partial);
    } catch (RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /** The hidden directory a resumable write of {@code target} uses; see {@link #resumable}. */
  public static Path partialDirectory(Path target) {
    return PartialDirectory.of(target);
  }

  private static List<List<TensorSpec>> checkedPlan(Path target, List<TensorSpec> specs, long maxShardBytes) {
    if (maxShardBytes <= 0) {
      throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
    }
    Set<String> names = new HashSet<>();
    for (TensorSpec spec : specs) {
      if (!names.add(spec.name())) {
        throw new TensorFileException(target, "the tensor name '" + spec.name() + "' is given twice; names must be unique.");
      }
    }
    return plan(specs, maxShardBytes);
  }

  /** {@code description} followed by the lines that describe the files this writer makes of it. */
  private static List<String> describe(List<String> description, List<TensorSpec> specs, long maxShardBytes,
      Map<String, String> metadata) {
    List<String> lines = new ArrayList<>(description);
    lines.add(WRITER_VERSION);
    lines.add("shard-size " + maxShardBytes);
    new TreeMap<>(metadata).forEach((k, v) -> lines.add("metadata " + k + "=" + v));
    for (TensorSpec spec : specs) {
      lines.add("spec " + spec.name() + " " + spec.dtype() + " " + spec.shape());
    }
    return lines;
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

  /** What the write found of an interrupted attempt; nothing kept for {@link #create}. */
  public ResumeReport resumeReport() {
    return report;
  }

  /** Whether tensor {@code name} is in a shard kept from an interrupted attempt; do not write it. */
  public boolean isKept(String name) {
    return keptNames.contains(name);
  }

  /** Shards finished so far, kept ones included. */
  public int finishedShards() {
    int n = 0;
    for (int i = 0; i < plan.size(); i++) {
      n += kept[i] || i < shard || (i == shard && current == null) ? 1 : 0;
    }
    return n;
  }

  /** Writes the next tensor; its name, dtype and shape must match the next spec. */
  public void write(String name, HostTensor tensor) {
    if (current == null) {
      nextShard();
    }
    current.write(name, tensor);
    track(tensor.data());
    weightMap.put(name, shardName(shard, plan.size()));
    totalSize += tensor.byteSize();
    tensorDone();
  }

  /**
   * Appends {@code bytes} to the next tensor, which must be {@code name}; see {@link
   * SafetensorsStreamWriter#writePart}. The tensor is complete when its declared bytes are written.
   */
  public void writePart(String name, ByteBuffer bytes) {
    if (current == null) {
      nextShard();
    }
    long size = plan.get(shard).get(written).byteLength();
    ByteBuffer part = bytes.duplicate();
    long n = bytes.remaining();
    current.writePart(name, bytes);
    track(part);
    partBytes += n;
    if (partBytes == size) {
      weightMap.put(name, shardName(shard, plan.size()));
      totalSize += size;
      partBytes = 0;
      tensorDone();
    }
  }

  private void track(ByteBuffer bytes) {
    if (fingerprint != null) {
      shardBytes += bytes.remaining();
      crc.update(bytes);
    }
  }

  private void tensorDone() {
    written++;
    if (written == plan.get(shard).size()) {
      finishShard();
    }
  }

  /** Opens the next shard that is not kept. */
  private void nextShard() {
    int next = shard + 1;
    while (next < plan.size() && kept[next]) {
      next++;
    }
    if (next >= plan.size()) {
      close();
      throw new TensorFileException(dir.target(), "got more tensors than were declared; nothing was written.");
    }
    openShard(next);
  }

  private void openShard(int i) {
    shard = i;
    written = 0;
    Path file = dir.temp().resolve(shardName(shard, plan.size()));
    current = SafetensorsStreamWriter.create(file, plan.get(shard), metadata);
    if (fingerprint != null) {
      crc.reset();
      shardBytes = 0;
      track(header(file, plan.get(shard), metadata));
    }
  }

  /** Commits the open shard and, when resumable, writes its completion record. */
  private void finishShard() {
    SafetensorsStreamWriter done = current;
    current = null;
    done.commit();
    if (fingerprint != null) {
      String file = shardName(shard, plan.size());
      List<String> names = plan.get(shard).stream().map(TensorSpec::name).toList();
      new ShardRecord(fingerprint, file, shardBytes, crc.getValue(), names).write(dir.temp());
    }
  }

  /** The bytes a shard file starts with: the header length (8 bytes, little-endian) and the header. */
  private static ByteBuffer header(Path file, List<TensorSpec> specs, Map<String, String> metadata) {
    byte[] header = SafetensorsStreamWriter.encodeHeader(file, specs, metadata);
    ByteBuffer bytes = ByteBuffer.allocate(SafetensorsHeader.PREFIX_BYTES + header.length).order(ByteOrder.LITTLE_ENDIAN);
    return bytes.putLong(header.length).put(header).flip();
  }

  /** The exact length of the shard file holding {@code specs}. */
  private static long fileBytes(Path file, List<TensorSpec> specs, Map<String, String> metadata) {
    long data = specs.stream().mapToLong(TensorSpec::byteLength).sum();
    return header(file, specs, metadata).remaining() + data;
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

  /**
   * Finishes the last shard (every declared tensor must have been written), writes the index,
   * deletes the resume records and renames the directory into place.
   */
  public void commit() {
    if (current != null) {
      finishShard();
    }
    for (int i = shard + 1; i < plan.size(); i++) {
      if (!kept[i]) {
        openShard(i);
        finishShard();
      }
    }
    writeIndex();
    if (fingerprint != null) {
      deleteRecords();
    }
    dir.commit();
  }

  private void deleteRecords() {
    for (int i = 0; i < plan.size(); i++) {
      AtomicOutput.deleteQuietly(dir.temp().resolve(ShardRecord.fileName(shardName(i, plan.size()))));
    }
    AtomicOutput.deleteQuietly(dir.temp().resolve(PartialShards.PLAN_FILE));
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

  /**
   * Abandons the write unless committed: a fresh temporary directory is deleted; a resumable one
   * keeps its finished shards (if any) for a rerun, and the unfinished shard is deleted.
   */
  @Override
  public void close() {
    if (current != null) {
      current.close();
    }
    dir.close();
  }
}
