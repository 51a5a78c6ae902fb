package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** Access to the fixtures written by tools/fixtures/gen_io_fixtures.py, and byte helpers. */
final class Fixtures {
  private Fixtures() {}

  /** The fixture directory {@code src/test/resources/io}. */
  static Path dir() {
    try {
      return Path.of(Fixtures.class.getResource("/io/expected.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The expected tensors of one group of expected.json ("reference", "sharded", "npz") by name. */
  static Map<String, HostTensor> expectedGroup(String group) {
    JsonNode node = expectedJson().get(group);
    Map<String, HostTensor> out = new java.util.LinkedHashMap<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      out.put(name, tensorOf(node.get(name)));
    }
    return out;
  }

  /** The expected tensor of one top-level entry of expected.json, such as "npy/f4". */
  static HostTensor expected(String key) {
    return tensorOf(expectedJson().get(key));
  }

  private static JsonNode expectedJson() {
    try {
      return new ObjectMapper().readTree(Files.readAllBytes(dir().resolve("expected.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HostTensor tensorOf(JsonNode entry) {
    String name = entry.get("dtype").textValue();
    DType dtype = DType.fromSafetensors(name).or(() -> DType.fromNumpy(name)).orElseThrow();
    List<Long> dims = new ArrayList<>();
    entry.get("shape").forEach(d -> dims.add(d.longValue()));
    Shape shape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
    JsonNode bits = entry.get("bits");
    ByteBuffer buf = ByteBuffer.allocate(bits.size() * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode b : bits) {
      long v = b.bigIntegerValue().longValue();
      switch (dtype.byteSize()) {
        case 8 -> buf.putLong(v);
        case 4 -> buf.putInt((int) v);
        case 2 -> buf.putShort((short) v);
        default -> buf.put((byte) v);
      }
    }
    return new HostTensor(dtype, shape, buf.flip());
  }

  /** Asserts equal dtype, shape and bytes (so NaN payloads and -0.0 count). */
  static void assertSameTensor(HostTensor expected, HostTensor actual, String what) {
    assertEquals(expected.dtype(), actual.dtype(), what + " dtype");
    assertEquals(expected.shape(), actual.shape(), what + " shape");
    assertEquals(expected.data(), actual.data(), what + " bytes");
  }

  /** A safetensors file image: the u64 length of {@code header}, the header, then {@code data}. */
  static byte[] safetensors(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return safetensors(json.length, json, data);
  }

  /** A safetensors file image with an arbitrary (possibly lying) length prefix. */
  static byte[] safetensors(long declaredLength, byte[] header, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    return b.putLong(declaredLength).put(header).put(data).array();
  }

  /** Writes {@code bytes} to {@code dir/name} and returns the path. */
  static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code e}'s message names {@code file} and contains every fragment. */
  static void assertMessage(TensorFileException e, Path file, String... fragments) {
    String message = e.getMessage();
    assertTrue(message.startsWith(file.toString()), "message should start with the file: " + message);
    for (String f : fragments) {
      assertTrue(message.contains(f), "message should contain '" + f + "': " + message);
    }
  }

  /** Bit patterns per element width: zero, -0, a NaN with payload, -inf, the smallest subnormal, one. */
  private static final long[][] PATTERNS = {
    {},
    {0x00, 0x80, 0x7f, 0xff, 0x01, 0x2a},
    {0x0000, 0x8000, 0x7e01, 0xfc00, 0x0001, 0x3c00, 0x7fc1, 0xff80, 0x3f80},
    {},
    {0x0000_0000L, 0x8000_0000L, 0x7fc0_0001L, 0xff80_0000L, 0x0000_0001L, 0x3f80_0000L},
    {}, {}, {},
    {0L, 0x8000_0000_0000_0000L, 0x7ff8_0000_0000_0001L, 0xfff0_0000_0000_0000L, 1L, 0x3ff0_0000_0000_0000L},
  };

  /** A tensor of {@code dtype} cycling through the bit patterns of its width (0/1 for bool). */
  static HostTensor sample(DType dtype, Shape shape) {
    int n = Math.toIntExact(shape.size());
    long[] patterns = dtype == DType.BOOL ? new long[] {1, 0, 0, 1, 1} : PATTERNS[dtype.byteSize()];
    ByteBuffer buf = ByteBuffer.allocate(n * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      long p = patterns[i % patterns.length];
      switch (dtype.byteSize()) {
        case 8 -> buf.putLong(p);
        case 4 -> buf.putInt((int) p);
        case 2 -> buf.putShort((short) p);
        default -> buf.put((byte) p);
      }
    }
    return new HostTensor(dtype, shape, buf.flip());
  }
}
