package org.moelab.merge.stream;

import java.util.ArrayList;
import java.util.List;
import org.moelab.io.TensorSource;
import org.moelab.merge.plan.TensorRef;

/**
 * A streamer's reusable f32 block arrays ("slots") and input readers, grown on demand and kept from
 * block to block and tensor to tensor, so that a merge allocates them once at the size its largest
 * block needs. Slots are handed out on the owning thread; readers are used by index in parallel
 * sections, one per task.
 */
final class BlockBuffers implements AutoCloseable {
  private final List<TensorSource> sources;
  private final Workers workers;
  private final List<TensorReader> readers = new ArrayList<>();
  private final List<float[]> slots = new ArrayList<>();

  /** Buffers reading from {@code sources} (indexed by {@link TensorRef#source()}) on {@code workers}. */
  BlockBuffers(List<TensorSource> sources, Workers workers) {
    this.sources = sources;
    this.workers = workers;
  }

  /** Reader {@code i}, creating readers up to it; call before a parallel section that uses them. */
  TensorReader reader(int i) {
    while (readers.size() <= i) {
      readers.add(new TensorReader());
    }
    return readers.get(i);
  }

  /** Reusable array {@code i} of at least {@code length} elements; not from parallel sections. */
  float[] slot(int i, int length) {
    while (slots.size() <= i) {
      slots.add(new float[0]);
    }
    if (slots.get(i).length < length) {
      slots.set(i, null);
      slots.set(i, new float[length]);
    }
    return slots.get(i);
  }

  /** Bytes held by the slots. */
  long slotBytes() {
    long bytes = 0;
    for (float[] s : slots) {
      bytes += (long) s.length * Float.BYTES;
    }
    return bytes;
  }

  /** Reads elements [first, first + length) of each of {@code refs} into {@code into.get(i)}, in parallel. */
  void readAll(List<TensorRef> refs, long first, int length, List<float[]> into) {
    reader(refs.size());
    workers.forEach(refs.size(), i -> reader(i).read(source(refs.get(i)), refs.get(i).name(), first, length,
        into.get(i), null));
  }

  /** The source {@code r} is in. */
  TensorSource source(TensorRef r) {
    return sources.get(r.source());
  }

  @Override
  public void close() {
    readers.forEach(TensorReader::close);
  }
}
