package org.moelab.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.moelab.tensor.HostTensor;

/** Opens and saves tensor files, choosing the format from the path. */
public final class TensorFiles {
  private static final String SUPPORTED = ".safetensors, .npy, .npz, a checkpoint directory or its " + ShardIndex.FILE_NAME;

  private TensorFiles() {}

  /**
   * Opens {@code path} for lazy reading: a directory (or its {@code model.safetensors.index.json})
   * as a {@link ShardedCheckpoint}, otherwise by extension {@code .safetensors}, {@code .npy} or
   * {@code .npz}.
   */
  public static TensorSource load(Path path) {
    if (Files.isDirectory(path)) {
      return ShardedCheckpoint.open(path);
    }
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".index.json")) {
      return ShardedCheckpoint.open(path.toAbsolutePath().getParent());
    }
    if (name.endsWith(".safetensors")) {
      return SafetensorsFile.open(path);
    }
    if (name.endsWith(".npy")) {
      return NpyFile.open(path);
    }
    if (name.endsWith(".npz")) {
      return NpzFile.open(path);
    }
    if (!Files.exists(path)) {
      throw new TensorFileException(path, "does not exist; check the path.");
    }
    throw new TensorFileException(path, "has an unknown tensor file type; supported are " + SUPPORTED + ".");
  }

  /**
   * Saves {@code tensors} atomically to {@code path}: {@code .safetensors} (see {@link
   * SafetensorsWriter}), {@code .npy} (exactly one tensor) or {@code .npz} (stored entries).
   */
  public static void save(Map<String, HostTensor> tensors, Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".safetensors")) {
      SafetensorsWriter.write(path, tensors);
    } else if (name.endsWith(".npz")) {
      NpzWriter.write(path, tensors, false);
    } else if (name.endsWith(".npy")) {
      if (tensors.size() != 1) {
        throw new TensorFileException(
            path, "an .npy file holds exactly one tensor, but " + tensors.size() + " were given; use .npz or .safetensors.");
      }
      NpyWriter.write(path, tensors.values().iterator().next());
    } else {
      throw new TensorFileException(
          path, "has an unknown extension; save to .safetensors, .npy or .npz (use ShardedWriter for a checkpoint directory).");
    }
  }
}
