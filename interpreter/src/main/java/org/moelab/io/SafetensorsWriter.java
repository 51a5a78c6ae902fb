package org.moelab.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;

/**
 * Writes a map of tensors to a safetensors file atomically.
 *
 * <p>Tensors are laid out as the reference implementation lays them out: by dtype in descending
 * order of the reference's dtype enum (I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL), which
 * keeps each tensor aligned to its element size, then by name. For the same tensors and metadata
 * (in the same order) the bytes match {@code safetensors.torch.save_file}.
 */
public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /** Writes {@code tensors} without metadata. */
  public static void write(Path target, Map<String, HostTensor> tensors) {
    write(target, tensors, Map.of());
  }

  /** Writes {@code tensors} and the string {@code metadata} to {@code target}, replacing it. */
  public static void write(Path target, Map<String, HostTensor> tensors, Map<String, String> metadata) {
    List<TensorSpec> specs = new ArrayList<>();
    tensors.forEach((name, t) -> specs.add(TensorSpec.of(name, t)));
    specs.sort(referenceOrder());
    try (SafetensorsStreamWriter writer = SafetensorsStreamWriter.create(target, specs, metadata)) {
      for (TensorSpec spec : specs) {
        writer.write(spec.name(), tensors.get(spec.name()));
      }
      writer.commit();
    }
  }

  /** The reference layout order: descending dtype rank, then name. */
  public static Comparator<TensorSpec> referenceOrder() {
    return Comparator.comparingInt((TensorSpec s) -> -referenceRank(s.dtype())).thenComparing(TensorSpec::name);
  }

  /** The position of {@code dtype} in the reference implementation's dtype enum. */
  private static int referenceRank(DType dtype) {
    return switch (dtype) {
      case BOOL -> 0;
      case U8 -> 1;
      case I8 -> 2;
      case I16 -> 5;
      case F16 -> 7;
      case BF16 -> 8;
      case I32 -> 9;
      case F32 -> 11;
      case F64 -> 12;
      case I64 -> 13;
    };
  }
}
