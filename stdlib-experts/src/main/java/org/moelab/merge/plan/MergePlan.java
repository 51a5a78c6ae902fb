package org.moelab.merge.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * A checked merge: the sources to read, the output tensors in write order, and where to copy
 * config and tokenizer files from.
 *
 * @param sources the checkpoint paths, each opened once
 * @param tensors the output tensors, in the order they are written
 * @param configSource the directory whose config and tokenizer files are copied, or null
 * @param notes things worth knowing that are not errors (ignored tensors, copied integer buffers)
 */
public record MergePlan(List<Path> sources, List<PlannedTensor> tensors, Path configSource, List<String> notes) {
  /** Copies the lists. */
  public MergePlan {
    sources = List.copyOf(sources);
    tensors = List.copyOf(tensors);
    notes = List.copyOf(notes);
  }

  /** Bytes of input data read (each input tensor once). */
  public long inputBytes(java.util.function.ToLongFunction<TensorRef> bytesOf) {
    long total = 0;
    for (PlannedTensor t : tensors) {
      if (t.base() != null) {
        total += bytesOf.applyAsLong(t.base());
      }
      for (TensorRef r : t.models()) {
        total += bytesOf.applyAsLong(r);
      }
    }
    return total;
  }

  /** Bytes written. */
  public long outputBytes() {
    return tensors.stream().mapToLong(PlannedTensor::outBytes).sum();
  }
}
