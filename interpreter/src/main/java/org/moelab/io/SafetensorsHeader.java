package org.moelab.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/**
 * The validated JSON header of a safetensors file.
 *
 * @param tensors the tensors ordered by data offset, with offsets absolute in the file
 * @param metadata the {@code __metadata__} strings, in header order
 * @param notes allowed oddities, such as bytes of the data buffer that belong to no tensor
 * @param dataStart the file offset where the data buffer starts: 8 plus the header length
 */
record SafetensorsHeader(
    List<TensorInfo> tensors, Map<String, String> metadata, List<String> notes, long dataStart) {

  /** The length prefix: a little-endian u64. */
  static final int PREFIX_BYTES = 8;

  /** The largest header accepted, as in the reference implementation. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  static final String METADATA_KEY = "__metadata__";

  /**
   * Parses and validates {@code json}, the header of {@code file}, whose data buffer holds {@code
   * bufferBytes} bytes starting at file offset {@code dataStart}.
   */
  static SafetensorsHeader parse(Path file, byte[] json, long dataStart, long bufferBytes) {
    ObjectNode root = Json.parseObject(file, "safetensors header", json);
    Map<String, String> metadata = parseMetadata(file, root.get(METADATA_KEY));
    List<TensorInfo> tensors = new ArrayList<>();
    for (String name : Json.fieldNames(root)) {
      if (!name.equals(METADATA_KEY)) {
        tensors.add(parseEntry(file, name, root.get(name), dataStart, bufferBytes));
      }
    }
    tensors.sort(Comparator.comparingLong(TensorInfo::byteOffset).thenComparing(TensorInfo::name));
    List<String> notes = checkLayout(file, tensors, dataStart, bufferBytes);
    return new SafetensorsHeader(List.copyOf(tensors), metadata, notes, dataStart);
  }

  private static Map<String, String> parseMetadata(Path file, JsonNode node) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (node == null) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new TensorFileException(file, "\"__metadata__\" must be an object of strings, got " + node.getNodeType() + ".");
    }
    for (String key : Json.fieldNames(node)) {
      JsonNode value = node.get(key);
      if (!value.isTextual()) {
        throw new TensorFileException(
            file, "\"__metadata__\" value for \"" + key + "\" must be a string, got " + value + "; quote it.");
      }
      metadata.put(key, value.textValue());
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static TensorInfo parseEntry(Path file, String name, JsonNode entry, long dataStart, long bufferBytes) {
    String where = "tensor '" + name + "'";
    if (!entry.isObject()) {
      throw new TensorFileException(file, where + " must be an object with dtype, shape and data_offsets, got " + entry.getNodeType() + ".");
    }
    DType dtype = parseDType(file, where, require(file, where, entry, "dtype"));
    long[] dims = parseDims(file, where, require(file, where, entry, "shape"));
    long[] range = parseOffsets(file, where, require(file, where, entry, "data_offsets"), bufferBytes);
    long elements = checkedElements(file, where, dims, dtype);
    long expected = elements * dtype.byteSize();
    long actual = range[1] - range[0];
    if (actual != expected) {
      throw new TensorFileException(
          file,
          where + " has data_offsets " + Arrays.toString(range) + " spanning " + actual + " bytes, but "
              + dtype.safetensorsName() + " " + Arrays.toString(dims) + " needs " + expected + " bytes.");
    }
    return new TensorInfo(name, dtype, Shape.of(dims), dataStart + range[0], actual);
  }

  private static JsonNode require(Path file, String where, JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null) {
      throw new TensorFileException(file, where + " is missing \"" + field + "\"; every tensor needs dtype, shape and data_offsets.");
    }
    return value;
  }

  private static DType parseDType(Path file, String where, JsonNode node) {
    if (!node.isTextual()) {
      throw new TensorFileException(file, where + " has dtype " + node + ", which is not a string such as \"F32\".");
    }
    return DType.fromSafetensors(node.textValue())
        .orElseThrow(
            () -> new TensorFileException(
                file,
                where + " has unknown dtype \"" + node.textValue() + "\"; supported dtypes are "
                    + Stream.of(DType.values()).map(DType::safetensorsName).collect(Collectors.joining(", "))
                    + ". Convert the tensor to one of them."));
  }

  private static long[] parseDims(Path file, String where, JsonNode node) {
    if (!node.isArray()) {
      throw new TensorFileException(file, where + " has shape " + node + ", which is not an array of integers.");
    }
    long[] dims = new long[node.size()];
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = node.get(i);
      if (d.isIntegralNumber() && d.canConvertToLong() && d.longValue() < 0) {
        throw new TensorFileException(file, where + " has negative dimension " + d + " in shape " + node + ".");
      }
      dims[i] = Json.nonNegativeLong(d);
      if (dims[i] < 0) {
        throw new TensorFileException(file, where + " has dimension " + d + " in shape " + node + ", which is not a 64-bit integer.");
      }
    }
    return dims;
  }

  private static long[] parseOffsets(Path file, String where, JsonNode node, long bufferBytes) {
    boolean pair = node.isArray() && node.size() == 2;
    long begin = pair ? Json.nonNegativeLong(node.get(0)) : -1;
    long end = pair ? Json.nonNegativeLong(node.get(1)) : -1;
    if (begin < 0 || end < 0) {
      throw new TensorFileException(file, where + " has data_offsets " + node + "; expected [begin, end] with non-negative integers.");
    }
    if (begin > end) {
      throw new TensorFileException(file, where + " has data_offsets " + node + " with begin after end; expected begin <= end.");
    }
    if (end > bufferBytes) {
      throw new TensorFileException(
          file,
          where + " ends at byte " + end + " of the data buffer, which holds only " + bufferBytes
              + " bytes; the file is truncated or its header is wrong.");
    }
    return new long[] {begin, end};
  }

  /** The element count; fails if it, or its size in bytes, overflows 64 bits. */
  private static long checkedElements(Path file, String where, long[] dims, DType dtype) {
    long n = 1;
    try {
      for (long d : dims) {
        n = d == 0 ? n : Math.multiplyExact(n, d);
      }
      Math.multiplyExact(n, (long) dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new TensorFileException(file, where + " has shape " + Arrays.toString(dims) + " whose size overflows 64 bits.");
    }
    return Arrays.stream(dims).anyMatch(d -> d == 0) ? 0 : n;
  }

  /** Fails on overlapping tensors; returns a note for each gap in the data buffer. */
  private static List<String> checkLayout(Path file, List<TensorInfo> sorted, long dataStart, long bufferBytes) {
    List<String> notes = new ArrayList<>();
    long covered = 0;
    TensorInfo last = null;
    for (TensorInfo t : sorted) {
      long begin = t.byteOffset() - dataStart;
      if (t.byteLength() == 0) {
        continue;
      }
      if (last != null && begin < covered) {
        throw new TensorFileException(
            file,
            "tensors '" + last.name() + "' " + span(last, dataStart) + " and '" + t.name() + "' "
                + span(t, dataStart) + " overlap; each tensor needs its own bytes.");
      }
      if (begin > covered) {
        notes.add("bytes [" + covered + ", " + begin + ") of the data buffer belong to no tensor");
      }
      covered = begin + t.byteLength();
      last = t;
    }
    if (covered < bufferBytes) {
      notes.add("bytes [" + covered + ", " + bufferBytes + ") of the data buffer belong to no tensor");
    }
    return List.copyOf(notes);
  }

  private static String span(TensorInfo t, long dataStart) {
    long begin = t.byteOffset() - dataStart;
    return "[" + begin + ", " + (begin + t.byteLength()) + ")";
  }
}
