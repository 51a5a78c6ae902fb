package org.moelab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file being written atomically: bytes go to a hidden temporary file next to the target, and
 * {@link #commit()} forces them to disk and renames the temporary file over the target.
 *
 * <p>Closing without committing deletes the temporary file and leaves any existing target
 * untouched, so a failed write never leaves a partial output or a stray temporary file. A file
 * expected to reach {@link #DIRECT_MIN_BYTES} is written with direct I/O where the file system
 * allows it (see {@link DirectAppender}).
 */
final class AtomicOutput implements AutoCloseable {
  /** Files expected to be at least this large are written with direct I/O where possible. */
  static final long DIRECT_MIN_BYTES = 64L << 20;
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final DirectAppender direct;
  private boolean done;

  private AtomicOutput(Path target, Path temp, FileChannel channel, DirectAppender direct) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.direct = direct;
  }

  /** Starts writing {@code target}; its directory must exist and be writable. */
  static AtomicOutput create(Path target) {
    return create(target, 0);
  }

  /**
   * Starts writing {@code target}, which is expected to grow to about {@code expectedBytes}; its
   * directory must exist and be writable.
   */
  static AtomicOutput create(Path target, long expectedBytes) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (Files.isDirectory(abs)) {
      throw new TensorFileException(target, "is a directory; give a file name to write to.");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new TensorFileException(target, "the directory " + dir + " does not exist; create it first.");
    }
    Path temp;
    try {
      temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new TensorFileException(target, "cannot create a temporary file in " + dir + "; check that it is writable", e);
    }
    try {
      FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      DirectAppender direct = expectedBytes >= DIRECT_MIN_BYTES ? DirectAppender.open(temp, channel).orElse(null) : null;
      return new AtomicOutput(target, temp, channel, direct);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new TensorFileException(target, "cannot open the temporary file " + temp, e);
    }
  }

  /** The target file. */
  Path target() {
    return target;
  }

  /** Appends all remaining bytes of {@code bytes}. */
  void write(ByteBuffer bytes) {
    try {
      if (direct != null) {
        direct.write(bytes);
      }
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      throw new TensorFileException(target, "writing failed; check free disk space", e);
    }
  }

  /** An output stream appending to this file; closing the stream does not commit or abort. */
  OutputStream stream() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        AtomicOutput.this.write(ByteBuffer.wrap(new byte[] {(byte) b}));
      }

      @Override
      public void write(byte[] b, int off, int len) {
        AtomicOutput.this.write(ByteBuffer.wrap(b, off, len));
      }
    };
  }

  /** Bytes written so far. */
  long position() {
    try {
      return direct != null ? direct.position() : channel.position();
    } catch (IOException e) {
      throw new TensorFileException(target, "cannot read the write position", e);
    }
  }

  /** Forces the data to disk and renames the temporary file over the target. */
  void commit() {
    try {
      if (direct != null) {
        direct.finish();
      }
      channel.force(true);
      channel.close();
      moveIntoPlace(temp, target.toAbsolutePath());
      done = true;
    } catch (IOException e) {
      throw new TensorFileException(target, "cannot move the finished file into place; the old file, if any, is unchanged", e);
    } finally {
      close();
    }
  }

  /** Abandons the write unless it was committed: deletes the temporary file. */
  @Override
  public void close() {
    closeQuietly(channel);
    if (direct != null) {
      closeQuietly(direct);
    }
    if (!done) {
      deleteQuietly(temp);
      done = true;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // The temporary file is deleted next; nothing else depends on this channel.
    }
  }

  /** Renames {@code from} onto {@code to} atomically, replacing it, then syncs the directory. */
  static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(to.getParent());
  }

  /** Best-effort fsync of a directory so a rename survives a crash (a no-op where unsupported). */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open directories; the rename itself is still atomic there.
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Leaving a hidden temporary file behind is the best we can do here.
    }
  }
}
