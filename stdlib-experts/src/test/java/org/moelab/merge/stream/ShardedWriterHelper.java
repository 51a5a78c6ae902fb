package org.moelab.merge.stream;

import java.nio.file.Path;
import java.util.Map;
import org.moelab.io.ShardedWriter;
import org.moelab.tensor.HostTensor;

/** Writes a one-shard checkpoint. */
final class ShardedWriterHelper {
  private ShardedWriterHelper() {}

  static void write(Path dir, Map<String, HostTensor> tensors) {
    ShardedWriter.write(dir, tensors, 1 << 20, Map.of(), false);
  }
}
