package org.moelab.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.moelab.tensor.HostTensor;

/**
 * A readable collection of named tensors: a safetensors file, a sharded checkpoint, an npy or npz.
 *
 * <p>Opening a source reads and validates only headers; {@link #read} fetches one tensor's data,
 * usually as a view into a memory-mapped file. Tensors already read stay valid after {@link
 * #close()}; reading after it fails. Not safe for concurrent {@code close} and {@code read}.
 */
public interface TensorSource extends AutoCloseable {
  /** The file or directory this source was opened from. */
  Path path();

  /** Tensor names, in the order their data is laid out (the file's order for npz). */
  List<String> names();

  /** Whether the source holds a tensor called {@code name}. */
  default boolean contains(String name) {
    return names().contains(name);
  }

  /** The dtype, shape and location of {@code name}; fails naming the source if it is absent. */
  TensorInfo info(String name);

  /** The data of {@code name}: a read-only view into the file where possible, else a copy. */
  HostTensor read(String name);

  /** Free-form string metadata stored with the tensors (empty if the format has none). */
  Map<String, String> metadata();

  /** Things that are allowed but unusual about the file (such as unused bytes), one per line. */
  List<String> notes();

  /** Releases the file handles. */
  @Override
  void close();
}
