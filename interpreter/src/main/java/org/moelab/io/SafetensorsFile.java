package org.moelab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.tensor.HostTensor;

/**
 * A safetensors file opened for lazy reading.
 *
 * <p>{@link #open} reads and validates only the header (see {@code docs/formats.md} for the
 * rules); {@link #read} returns a view into a read-only memory mapping of the file, without
 * copying. Files larger than 2 GiB are mapped one tensor at a time.
 */
public final class SafetensorsFile implements TensorSource {
  private final Path path;
  private final FileChannel channel;
  private final SafetensorsHeader header;
  private final Map<String, TensorInfo> byName;
  private final MappedRegion region;

  private SafetensorsFile(Path path, FileChannel channel, SafetensorsHeader header, long fileSize, long maxWindow) {
    this.path = path;
    this.channel = channel;
    this.header = header;
    this.byName = new LinkedHashMap<>();
    header.tensors().forEach(t -> byName.put(t.name(), t));
    this.region = new MappedRegion(path, channel, 0, fileSize, maxWindow);
  }

  /** Opens {@code file} and validates its header; fails with a {@link TensorFileException}. */
  public static SafetensorsFile open(Path file) {
    return open(file, MappedRegion.DEFAULT_MAX_WINDOW);
  }

  /** Opens {@code file}, mapping at most {@code maxWindow} bytes as one buffer (for tests). */
  static SafetensorsFile open(Path file, long maxWindow) {
    FileChannel channel = FileAccess.openRead(file);
    try {
      long size = channel.size();
      SafetensorsHeader header = readHeader(file, channel, size);
      return new SafetensorsFile(file, channel, header, size, maxWindow);
    } catch (IOException e) {
      FileAccess.closeQuietly(channel);
      throw new TensorFileException(file, "cannot read the file", e);
    } catch (RuntimeException e) {
      FileAccess.closeQuietly(channel);
      throw e;
    }
  }

  private static SafetensorsHeader readHeader(Path file, FileChannel channel, long size) throws IOException {
    int prefix = SafetensorsHeader.PREFIX_BYTES;
    if (size < prefix) {
      throw new TensorFileException(
          file, "is " + size + " bytes long, shorter than the 8-byte header length; the file is truncated or not a safetensors file.");
    }
    ByteBuffer lengthBytes = FileAccess.readFully(channel, 0, prefix).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = lengthBytes.getLong(0);
    if (headerLength < 0 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
      throw new TensorFileException(
          file,
          "header length " + Long.toUnsignedString(headerLength) + " exceeds the cap of "
              + SafetensorsHeader.MAX_HEADER_BYTES + " bytes; the file is corrupt or not a safetensors file.");
    }
    if (headerLength > size - prefix) {
      throw new TensorFileException(
          file,
          "header length " + headerLength + " exceeds the " + (size - prefix)
              + " bytes that follow it; the file is truncated.");
    }
    byte[] json = FileAccess.readFully(channel, prefix, (int) headerLength).array();
    long dataStart = prefix + headerLength;
    return SafetensorsHeader.parse(file, json, dataStart, size - dataStart);
  }

  /** The file this was opened from. */
  @Override
  public Path path() {
    return path;
  }

  @Override
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  @Override
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  @Override
  public TensorInfo info(String name) {
    TensorInfo info = byName.get(name);
    if (info == null) {
      throw TensorFileException.noSuchTensor(path, name, names());
    }
    return info;
  }

  /** The data of {@code name} as a read-only view into the file's memory mapping. */
  @Override
  public HostTensor read(String name) {
    TensorInfo info = info(name);
    if (!channel.isOpen()) {
      throw new TensorFileException(path, "is closed; open it again to read '" + name + "'.");
    }
    return new HostTensor(info.dtype(), info.shape(), region.slice(info.byteOffset(), info.byteLength()));
  }

  @Override
  public Map<String, String> metadata() {
    return header.metadata();
  }

  @Override
  public List<String> notes() {
    return header.notes();
  }

  /** The file offset where the data buffer starts (8 plus the header length). */
  public long dataStart() {
    return header.dataStart();
  }

  @Override
  public void close() {
    FileAccess.closeQuietly(channel);
  }
}
