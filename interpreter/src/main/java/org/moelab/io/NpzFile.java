package org.moelab.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.moelab.tensor.HostTensor;

/**
 * An {@code .npz} archive (a zip of {@code .npy} files, stored or deflated) opened for reading.
 *
 * <p>Opening validates every entry's npy header; {@link #read} decompresses one entry into a
 * heap buffer, growing it only as real data arrives, so a lying header cannot force a large
 * allocation. Tensor names are the entry names without {@code .npy}; other entries are noted and
 * skipped.
 */
public final class NpzFile implements TensorSource {
  private static final int CHUNK = 1 << 20;

  private final Path path;
  private final ZipFile zip;
  private final Map<String, Entry> entries;
  private final List<String> notes;

  private record Entry(ZipEntry zipEntry, NpyHeader header, TensorInfo info) {}

  private NpzFile(Path path, ZipFile zip, Map<String, Entry> entries, List<String> notes) {
    this.path = path;
    this.zip = zip;
    this.entries = entries;
    this.notes = notes;
  }

  /** Opens {@code file} and validates each entry's header; fails with a {@link TensorFileException}. */
  public static NpzFile open(Path file) {
    ZipFile zip = openZip(file);
    try {
      Map<String, Entry> entries = new LinkedHashMap<>();
      List<String> notes = new ArrayList<>();
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        if (e.isDirectory() || !e.getName().endsWith(".npy")) {
          notes.add("entry " + e.getName() + " is not an .npy file and is ignored");
          continue;
        }
        Entry entry = readEntry(file, zip, e, notes);
        if (entries.put(entry.info().name(), entry) != null) {
          throw new TensorFileException(file, "has two entries named " + e.getName() + "; the archive is corrupt.");
        }
      }
      return new NpzFile(file, zip, Collections.unmodifiableMap(entries), List.copyOf(notes));
    } catch (RuntimeException e) {
      closeQuietly(zip);
      throw e;
    }
  }

  private static ZipFile openZip(Path file) {
    FileAccess.closeQuietly(FileAccess.openRead(file));
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new TensorFileException(file, "is not a valid zip archive, so not an .npz file", e);
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot be opened", e);
    }
  }

  private static Entry readEntry(Path file, ZipFile zip, ZipEntry e, List<String> notes) {
    Path where = entryPath(file, e);
    NpyHeader header;
    try (InputStream in = zip.getInputStream(e)) {
      header = NpyHeader.read(where, in);
    } catch (IOException ex) {
      throw new TensorFileException(where, "cannot be read from the archive", ex);
    }
    long declared = e.getSize();
    long needed = header.dataOffset() + header.dataLength();
    if (declared >= 0 && declared < needed) {
      throw new TensorFileException(
          where, "is " + declared + " bytes but its header needs " + needed + "; the entry is truncated.");
    }
    if (declared > needed) {
      notes.add("entry " + e.getName() + " has " + (declared - needed) + " bytes after the array data");
    }
    String name = e.getName().substring(0, e.getName().length() - 4);
    return new Entry(e, header, new TensorInfo(name, header.dtype(), header.shape(), -1, header.dataLength()));
  }

  private static Path entryPath(Path file, ZipEntry e) {
    return Path.of(file + "!" + e.getName().replace('\0', '?'));
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  @Override
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  @Override
  public TensorInfo info(String name) {
    return entry(name).info();
  }

  /** The data of {@code name}, decompressed into a heap buffer. */
  @Override
  public HostTensor read(String name) {
    Entry entry = entry(name);
    Path where = entryPath(path, entry.zipEntry());
    try (InputStream in = zip.getInputStream(entry.zipEntry())) {
      NpyHeader.read(where, in);
      ByteBuffer data = readData(where, in, entry.header().dataLength());
      return NpyLayout.toTensor(entry.header(), data);
    } catch (IllegalStateException e) {
      throw new TensorFileException(path, "is closed; open it again to read '" + name + "'.");
    } catch (IOException e) {
      throw new TensorFileException(where, "cannot be read from the archive", e);
    }
  }

  /** Reads exactly {@code length} bytes, growing the buffer only as data arrives. */
  private static ByteBuffer readData(Path where, InputStream in, long length) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw new TensorFileException(where, "holds " + length + " bytes, more than one buffer can hold (2 GiB); split the array.");
    }
    int target = (int) length;
    byte[] buf = new byte[Math.min(target, CHUNK)];
    int filled = 0;
    while (filled < target) {
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(target, 2L * buf.length));
      }
      int n = in.read(buf, filled, buf.length - filled);
      if (n < 0) {
        throw new TensorFileException(
            where, "ends after " + filled + " of its " + length + " data bytes; the entry is truncated.");
      }
      filled += n;
    }
    return ByteBuffer.wrap(buf);
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
    closeQuietly(zip);
  }

  private Entry entry(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw TensorFileException.noSuchTensor(path, name, names());
    }
    return e;
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException ignored) {
      // Closing a read-only archive loses no data.
    }
  }
}
