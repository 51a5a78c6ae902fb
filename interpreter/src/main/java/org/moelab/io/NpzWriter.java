package org.moelab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.moelab.tensor.HostTensor;

/**
 * Writes a map of tensors as an {@code .npz} archive atomically: one {@code NAME.npy} entry per
 * tensor, in map order, stored (like {@code numpy.savez}) or deflated (like {@code
 * numpy.savez_compressed}). Entry times are fixed so equal inputs give equal bytes.
 */
public final class NpzWriter {
  /** 1980-01-01, the earliest time a zip entry can carry. */
  private static final long ENTRY_TIME = 315532800000L;

  private NpzWriter() {}

  /** Writes {@code tensors} to {@code target}, deflating the entries if {@code compressed}. */
  public static void write(Path target, Map<String, HostTensor> tensors, boolean compressed) {
    try (AtomicOutput out = AtomicOutput.create(target)) {
      ZipOutputStream zip = new ZipOutputStream(out.stream());
      for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
        writeEntry(target, zip, e.getKey(), e.getValue(), compressed);
      }
      zip.finish();
      zip.flush();
      out.commit();
    } catch (IOException e) {
      throw new TensorFileException(target, "writing the archive failed", e);
    }
  }

  private static void writeEntry(Path target, ZipOutputStream zip, String name, HostTensor tensor, boolean compressed)
      throws IOException {
    if (name.isEmpty()) {
      throw new TensorFileException(target, "a tensor name is empty; npz entries need a name.");
    }
    byte[] header = NpyWriter.header(target, tensor);
    ZipEntry entry = new ZipEntry(name + ".npy");
    entry.setTime(ENTRY_TIME);
    if (!compressed) {
      CRC32 crc = new CRC32();
      crc.update(header);
      crc.update(tensor.data());
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(header.length + tensor.byteSize());
      entry.setCompressedSize(header.length + tensor.byteSize());
      entry.setCrc(crc.getValue());
    }
    zip.putNextEntry(entry);
    zip.write(header);
    writeData(zip, tensor.data());
    zip.closeEntry();
  }

  private static void writeData(ZipOutputStream zip, ByteBuffer data) throws IOException {
    byte[] chunk = new byte[(int) Math.min(1 << 20, Math.max(1, data.remaining()))];
    while (data.hasRemaining()) {
      int n = Math.min(chunk.length, data.remaining());
      data.get(chunk, 0, n);
      zip.write(chunk, 0, n);
    }
  }
}
