package org.moelab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Read-only memory-mapped access to a byte range of a file, which may exceed 2 GiB.
 *
 * <p>A {@link ByteBuffer} holds at most 2 GiB, so a range up to {@code maxWindow} bytes is mapped
 * once and sliced; a larger range is mapped per request, each request covering one tensor.
 */
final class MappedRegion {
  /** The largest range mapped as one buffer. */
  static final long DEFAULT_MAX_WINDOW = Integer.MAX_VALUE;

  private final Path file;
  private final FileChannel channel;
  private final long start;
  private final long length;
  private final long maxWindow;
  private MappedByteBuffer whole;

  /** Access to {@code length} bytes of {@code channel} starting at {@code start}. */
  MappedRegion(Path file, FileChannel channel, long start, long length, long maxWindow) {
    this.file = file;
    this.channel = channel;
    this.start = start;
    this.length = length;
    this.maxWindow = Math.min(maxWindow, DEFAULT_MAX_WINDOW);
  }

  /** A little-endian read-only view of {@code count} bytes at {@code offset} within the region. */
  ByteBuffer slice(long offset, long count) {
    if (offset < 0 || count < 0 || offset > length - count) {
      throw new IllegalArgumentException("range " + offset + "+" + count + " outside region of " + length);
    }
    if (count > Integer.MAX_VALUE) {
      throw new TensorFileException(
          file, "a tensor of " + count + " bytes exceeds the 2 GiB that one buffer can hold; split it into smaller tensors.");
    }
    if (count == 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    if (length <= maxWindow) {
      return whole().slice((int) offset, (int) count).order(ByteOrder.LITTLE_ENDIAN);
    }
    return map(start + offset, count);
  }

  private ByteBuffer whole() {
    if (whole == null) {
      whole = map(start, length);
    }
    return whole;
  }

  private MappedByteBuffer map(long position, long count) {
    if (!channel.isOpen()) {
      throw new TensorFileException(file, "is closed; open it again to read more tensors.");
    }
    try {
      MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, position, count);
      buffer.order(ByteOrder.LITTLE_ENDIAN);
      return buffer;
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot memory-map bytes " + position + ".." + (position + count), e);
    }
  }
}
