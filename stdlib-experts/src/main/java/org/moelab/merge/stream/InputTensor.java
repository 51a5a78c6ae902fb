package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.moelab.tensor.DType;

/**
 * Where one input tensor's data lies, resolved once per tensor merged: its file, the open channel
 * to it, the byte offset of its first element and its dtype.
 *
 * @param file the file holding the tensor
 * @param channel the channel reading {@code file}
 * @param dataOffset the byte offset of element 0 in {@code file}
 * @param dtype the tensor's dtype
 */
record InputTensor(Path file, FileChannel channel, long dataOffset, DType dtype) {
  /** Elements {@code [first, first + count)}, read into {@code buffer} (see {@link InputRun#read}). */
  InputRun read(long first, int count, ByteBuffer buffer) {
    return InputRun.read(file, channel, dataOffset, dtype, first, count, buffer);
  }
}
