package org.moelab.merge.stream;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.moelab.io.TensorFileException;

/** Read-only channels to input files, opened once and shared (positional reads and maps are thread-safe). */
final class FileChannels implements AutoCloseable {
  private final ConcurrentMap<Path, FileChannel> channels = new ConcurrentHashMap<>();

  /** The channel reading {@code file}. */
  FileChannel of(Path file) {
    return channels.computeIfAbsent(file, f -> {
      try {
        return FileChannel.open(f, StandardOpenOption.READ);
      } catch (IOException e) {
        throw new TensorFileException(f, "cannot open for reading", e);
      }
    });
  }

  @Override
  public void close() {
    for (FileChannel c : channels.values()) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Closing a read-only channel cannot lose data.
      }
    }
    channels.clear();
  }
}
