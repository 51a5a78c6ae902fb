package org.moelab.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.moelab.tensor.HostTensor;

/**
 * An {@code .npy} file opened for lazy reading: one tensor, named after the file without its
 * extension.
 *
 * <p>Little-endian row-major data is returned as a view into a read-only memory mapping;
 * big-endian data is byte-swapped and Fortran-order data transposed into a row-major copy.
 */
public final class NpyFile implements TensorSource {
  private final Path path;
  private final FileChannel channel;
  private final NpyHeader header;
  private final TensorInfo info;
  private final MappedRegion region;
  private final List<String> notes;

  private NpyFile(Path path, FileChannel channel, NpyHeader header, long fileSize) {
    this.path = path;
    this.channel = channel;
    this.header = header;
    this.info = new TensorInfo(tensorName(path), header.dtype(), header.shape(), header.dataOffset(), header.dataLength());
    this.region = new MappedRegion(path, channel, header.dataOffset(), header.dataLength(), MappedRegion.DEFAULT_MAX_WINDOW);
    long extra = fileSize - header.dataOffset() - header.dataLength();
    this.notes = extra > 0 ? List.of(extra + " bytes after the array data are ignored") : List.of();
  }

  /** Opens {@code file} and validates its header; fails with a {@link TensorFileException}. */
  public static NpyFile open(Path file) {
    FileChannel channel = FileAccess.openRead(file);
    try {
      long size = channel.size();
      InputStream in = Channels.newInputStream(channel);
      NpyHeader header = NpyHeader.read(file, in);
      long available = size - header.dataOffset();
      if (available < header.dataLength()) {
        throw new TensorFileException(
            file,
            "holds " + available + " bytes of data but " + header.dtype().numpyDescr().orElseThrow() + " "
                + header.shape() + " needs " + header.dataLength() + "; the file is truncated.");
      }
      return new NpyFile(file, channel, header, size);
    } catch (IOException e) {
      FileAccess.closeQuietly(channel);
      throw new TensorFileException(file, "cannot read the file", e);
    } catch (RuntimeException e) {
      FileAccess.closeQuietly(channel);
      throw e;
    }
  }

  /** The tensor name used for an npy file: its file name without {@code .npy}. */
  static String tensorName(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public List<String> names() {
    return List.of(info.name());
  }

  @Override
  public TensorInfo info(String name) {
    if (!name.equals(info.name())) {
      throw TensorFileException.noSuchTensor(path, name, names());
    }
    return info;
  }

  @Override
  public HostTensor read(String name) {
    info(name);
    if (!channel.isOpen()) {
      throw new TensorFileException(path, "is closed; open it again to read '" + name + "'.");
    }
    return NpyLayout.toTensor(header, region.slice(0, header.dataLength()));
  }

  /** The array, for callers that know the file holds one. */
  public HostTensor read() {
    return read(info.name());
  }

  @Override
  public Map<String, String> metadata() {
    return Map.of();
  }

  @Override
  public List<String> notes() {
    return notes;
  }

  @Override
  public void close() {
    FileAccess.closeQuietly(channel);
  }
}
