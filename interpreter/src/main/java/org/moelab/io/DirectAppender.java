package org.moelab.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Appends to a file with direct I/O ({@code O_DIRECT}): bytes are gathered into an aligned block
 * buffer and each full buffer goes to the disk past the page cache. A large output written this
 * way does not push the inputs it is made from out of the cache, is already on disk when it is
 * forced, and costs no kernel copy; the cost is one copy into the block buffer here. Direct I/O
 * accepts only whole aligned blocks, so {@link #finish} writes the last partial block through an
 * ordinary channel. Where the file system refuses direct I/O, {@link #open} says so and the caller
 * writes normally; where it accepts the flag but then fails a direct write (some network and FUSE
 * file systems do), that write and all later ones go through the ordinary channel instead, at the
 * same positions, so the file comes out the same.
 */
final class DirectAppender implements AutoCloseable {
  /** Bytes gathered before each direct write. */
  static final int BUFFER_BYTES = 8 << 20;
  private final FileChannel buffered;
  private FileChannel direct;
  private final ByteBuffer block;
  private final int alignment;
  private long written;

  /** Appends through {@code direct} in blocks aligned to {@code alignment}, the rest through {@code buffered}. */
  DirectAppender(FileChannel direct, FileChannel buffered, int alignment) {
    this.direct = direct;
    this.buffered = buffered;
    this.alignment = alignment;
    this.block = ByteBuffer.allocateDirect(BUFFER_BYTES + alignment).alignedSlice(alignment);
  }

  /**
   * Opens {@code file} (existing, empty) for direct appending, or nothing where that is not
   * supported; {@code buffered}, an ordinary channel on the file, writes what direct I/O cannot.
   */
  static Optional<DirectAppender> open(Path file, FileChannel buffered) {
    try {
      long blockSize = Files.getFileStore(file).getBlockSize();
      if (blockSize <= 0 || blockSize > 1 << 16 || Long.bitCount(blockSize) != 1) {
        return Optional.empty();
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      return Optional.of(new DirectAppender(channel, buffered, (int) blockSize));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** Appends all remaining bytes of {@code bytes}. */
  void write(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      int n = Math.min(bytes.remaining(), block.remaining());
      block.put(block.position(), bytes, bytes.position(), n);
      block.position(block.position() + n);
      bytes.position(bytes.position() + n);
      if (!block.hasRemaining()) {
        writeBlocks(block.capacity());
      }
    }
  }

  /** Bytes appended so far. */
  long position() {
    return written + block.position();
  }

  /** Writes what is gathered: its whole aligned blocks directly, the remainder through the ordinary channel. */
  void finish() throws IOException {
    int gathered = block.position();
    int aligned = gathered / alignment * alignment;
    ByteBuffer tail = block.duplicate().position(aligned).limit(gathered);
    writeBlocks(aligned);
    writeBuffered(tail);
  }

  /** Writes the first {@code length} (a multiple of the alignment) gathered bytes; keeps the rest. */
  private void writeBlocks(int length) throws IOException {
    ByteBuffer out = block.duplicate().position(0).limit(length);
    block.position(0);
    if (direct != null) {
      try {
        while (out.hasRemaining()) {
          written += direct.write(out, written);
        }
        return;
      } catch (IOException e) {
        closeDirect();
      }
    }
    writeBuffered(out);
  }

  private void writeBuffered(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      written += buffered.write(bytes, written);
    }
  }

  /** Whether writes still go past the page cache (false after a direct write failed). */
  boolean isDirect() {
    return direct != null;
  }

  private void closeDirect() {
    try {
      direct.close();
    } catch (IOException ignored) {
      // The ordinary channel takes over; nothing depends on this one.
    }
    direct = null;
  }

  /** Closes the direct channel (the ordinary one belongs to the caller). */
  @Override
  public void close() {
    if (direct != null) {
      closeDirect();
    }
  }
}
