package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** Tensors written in parts read back as if written whole, across shards; bad parts are refused. */
class ShardedWriterPartsTest {
  @TempDir Path tmp;

  private static ByteBuffer floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b;
  }

  @Test
  void partsMakeWholeTensorsInEveryShard() {
    Path dir = tmp.resolve("out");
    List<TensorSpec> specs = List.of(new TensorSpec("a", DType.F32, Shape.of(2, 2)),
        new TensorSpec("b", DType.F32, Shape.of(3)), new TensorSpec("c", DType.F32, Shape.of(0)));
    try (ShardedWriter w = ShardedWriter.create(dir, specs, 16, Map.of(), false)) {
      w.writePart("a", floats(1f, 2f, 3f));
      w.writePart("a", floats(4f));
      w.write("b", HostTensor.ofFloats(Shape.of(3), 5f, 6f, 7f));
      w.writePart("c", floats());
      w.commit();
    }
    assertTrue(Files.exists(dir.resolve("model-00002-of-00002.safetensors")));
    try (TensorSource src = TensorFiles.load(dir)) {
      assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, src.read("a").toFloatArray());
      assertArrayEquals(new float[] {5f, 6f, 7f}, src.read("b").toFloatArray());
      assertArrayEquals(new float[0], src.read("c").toFloatArray());
    }
  }

  @Test
  void tooManyBytesOrTheWrongNameAreRefused() {
    List<TensorSpec> specs = List.of(new TensorSpec("a", DType.F32, Shape.of(2)));
    try (ShardedWriter w = ShardedWriter.create(tmp.resolve("x"), specs, 100, Map.of(), false)) {
      assertThrows(TensorFileException.class, () -> w.writePart("a", floats(1f, 2f, 3f)));
    }
    try (ShardedWriter w = ShardedWriter.create(tmp.resolve("y"), specs, 100, Map.of(), false)) {
      assertThrows(TensorFileException.class, () -> w.writePart("b", floats(1f)));
    }
  }
}
