package org.moelab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.moelab.tensor.HostTensor;

/**
 * Writes a safetensors file one tensor at a time, so memory stays bounded by one tensor.
 *
 * <p>The header needs every size up front: {@link #create} takes the list of {@link TensorSpec}s
 * and writes the header; then {@link #write} must receive each tensor in that order; {@link
 * #commit()} moves the finished file into place atomically. Closing without committing (say after
 * an exception) deletes the temporary file and leaves any existing target untouched. Tensors are
 * laid out in the order given; {@link SafetensorsWriter} chooses the reference order.
 */
public final class SafetensorsStreamWriter implements AutoCloseable {
  private final AtomicOutput out;
  private final List<TensorSpec> specs;
  private int next;
  private long partBytes;

  private SafetensorsStreamWriter(AtomicOutput out, List<TensorSpec> specs) {
    this.out = out;
    this.specs = specs;
  }

  /** Starts writing {@code target} with the given tensors (in this order) and metadata. */
  public static SafetensorsStreamWriter create(Path target, List<TensorSpec> specs, Map<String, String> metadata) {
    List<TensorSpec> copy = List.copyOf(specs);
    byte[] header = encodeHeader(target, copy, metadata);
    long dataBytes = copy.stream().mapToLong(TensorSpec::byteLength).sum();
    AtomicOutput out = AtomicOutput.create(target, SafetensorsHeader.PREFIX_BYTES + header.length + dataBytes);
    ByteBuffer prefix = ByteBuffer.allocate(SafetensorsHeader.PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(header.length).flip();
    try {
      out.write(prefix);
      out.write(ByteBuffer.wrap(header));
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return new SafetensorsStreamWriter(out, copy);
  }

  /**
   * The header bytes for {@code specs} in order: compact JSON, {@code __metadata__} first (when
   * not empty), padded with spaces to a multiple of 8 bytes as the reference implementation does.
   */
  static byte[] encodeHeader(Path target, List<TensorSpec> specs, Map<String, String> metadata) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
      metadata.forEach(meta::put);
    }
    Set<String> seen = new HashSet<>();
    long offset = 0;
    for (TensorSpec spec : specs) {
      checkName(target, spec.name(), seen);
      long end = offset + spec.byteLength();
      ObjectNode entry = root.putObject(spec.name());
      entry.put("dtype", spec.dtype().safetensorsName());
      Arrays.stream(spec.shape().dims()).forEach(entry.putArray("shape")::add);
      entry.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new TensorFileException(target, "cannot encode the header", e);
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] header = Arrays.copyOf(json, padded);
    Arrays.fill(header, json.length, padded, (byte) ' ');
    return header;
  }

  private static void checkName(Path target, String name, Set<String> seen) {
    if (name.equals(SafetensorsHeader.METADATA_KEY)) {
      throw new TensorFileException(target, "a tensor cannot be called \"__metadata__\"; the name is reserved for metadata.");
    }
    if (!seen.add(name)) {
      throw new TensorFileException(target, "the tensor name '" + name + "' is given twice; names must be unique.");
    }
  }

  /** Writes the next tensor; its name, dtype and shape must match the next spec. */
  public void write(String name, HostTensor tensor) {
    if (partBytes > 0) {
      throw abort("got tensor '" + name + "' while '" + specs.get(next).name() + "' was written in parts.");
    }
    if (next >= specs.size()) {
      throw abort("got tensor '" + name + "' after all " + specs.size() + " declared tensors were written.");
    }
    TensorSpec expected = specs.get(next);
    TensorSpec actual = TensorSpec.of(name, tensor);
    if (!expected.equals(actual)) {
      throw abort(
          "expected tensor '" + expected.name() + "' " + expected.dtype() + expected.shape() + " next, got '"
              + name + "' " + tensor.dtype() + tensor.shape() + "; write tensors in the declared order.");
    }
    out.write(tensor.data());
    next++;
  }

  /**
   * Appends {@code bytes} (little-endian, the declared dtype) to the next tensor, which must be
   * {@code name}; the tensor is complete when its declared byte length has been written, so a
   * tensor larger than memory can be written in parts.
   */
  public void writePart(String name, ByteBuffer bytes) {
    if (next >= specs.size()) {
      throw abort("got a part of '" + name + "' after all " + specs.size() + " declared tensors were written.");
    }
    TensorSpec expected = specs.get(next);
    if (!expected.name().equals(name)) {
      throw abort("expected tensor '" + expected.name() + "' next, got a part of '" + name
          + "'; write tensors in the declared order.");
    }
    long after = partBytes + bytes.remaining();
    if (after > expected.byteLength()) {
      throw abort("tensor '" + name + "' takes " + expected.byteLength() + " bytes, got " + after + " in parts.");
    }
    out.write(bytes);
    partBytes = after;
    if (after == expected.byteLength()) {
      partBytes = 0;
      next++;
    }
  }

  /** Checks that every declared tensor was written, then moves the file into place. */
  public void commit() {
    if (next != specs.size()) {
      throw abort(
          "only " + next + " of " + specs.size() + " declared tensors were written; the next one is '"
              + specs.get(next).name() + "'.");
    }
    out.commit();
  }

  /** Abandons the write unless committed; the temporary file is deleted. */
  @Override
  public void close() {
    out.close();
  }

  private TensorFileException abort(String problem) {
    out.close();
    return new TensorFileException(out.target(), problem + " Nothing was written.");
  }
}
