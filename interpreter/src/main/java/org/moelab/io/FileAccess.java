package org.moelab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opening, reading and closing file channels with errors that name the file. */
final class FileAccess {
  private FileAccess() {}

  /** Opens {@code file} for reading, failing with a message that names it. */
  static FileChannel openRead(Path file) {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new TensorFileException(file, "does not exist; check the path.");
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot be opened for reading", e);
    }
  }

  /** Reads exactly {@code count} bytes at {@code position}. */
  static ByteBuffer readFully(FileChannel channel, long position, int count) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(count);
    while (buf.hasRemaining()) {
      if (channel.read(buf, position + buf.position()) < 0) {
        throw new IOException("unexpected end of file at byte " + (position + buf.position()));
      }
    }
    return buf.flip();
  }

  /** Closes a read-only channel, ignoring errors (no data can be lost). */
  static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a read-only channel loses no data.
    }
  }
}
