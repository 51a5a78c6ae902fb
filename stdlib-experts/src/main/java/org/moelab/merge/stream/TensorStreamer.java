package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorSource;
import org.moelab.merge.DeltaMerge;
import org.moelab.merge.GramMerge;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.TensorInputs;
import org.moelab.merge.TensorMerge;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;

/**
 * Merges and writes one planned tensor at a time, reusing its buffers across tensors:
 *
 * <ul>
 *   <li>TIES and task arithmetic go in one pass over the inputs where {@link
 *       SinglePassMerge} applies, falling back to the exact route below when its guess misses;
 *   <li>copies (passthrough, same dtype) go byte for byte, a chunk at a time;
 *   <li>the task-arithmetic family goes in row blocks within {@link StreamLimits#blockBytes()}:
 *       task vectors are decoded straight from the files (θ_i − θ_base in the decoding loop), models
 *       are read and sparsified in parallel, rows combined in parallel; when a tensor takes several
 *       blocks and its method needs per-tensor statistics (magnitude ranks, L1 norms), every block
 *       is read once per statistics pass and once more to merge;
 *   <li>linear and scaled passthrough are elementwise and go in row blocks in one pass;
 *   <li>slerp, nuslerp, model_stock and karcher ({@link GramMerge}) go in row blocks too: their
 *       coefficients depend on the Gram matrix of the inputs over each vector (the whole tensor, a
 *       row or a column), so when a vector crosses blocks every block is read once to sum the
 *       Gram matrices and once more to merge (karcher iterates on that one matrix, not on the
 *       tensor); rows along the last axis, and tensors in one block, are read once.
 * </ul>
 *
 * <p>In every route the f32 arrays of one block fit {@link StreamLimits#blockBytes()} unless a
 * single row exceeds it (inputs without byte offsets, npz, are decoded whole by {@link
 * TensorReader}); the exact route of the task-arithmetic family and the Gram-matrix methods reuse
 * theirs (the output in place of an input) from tensor to tensor ({@link #slotBytes()}).
 */
final class TensorStreamer implements AutoCloseable {
  private final List<TensorSource> sources;
  private final ShardedWriter writer;
  private final EncodedWrites encodedWrites;
  private final StreamLimits limits;
  private final Workers workers;
  private final BlockBuffers buffers;
  private final StreamResources resources = StreamResources.create();
  private final ExecutorService writing = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "moe-merge-writer");
    t.setDaemon(true);
    return t;
  });
  private final ByteBuffer[] outputs = {ByteBuffer.allocate(0), ByteBuffer.allocate(0)};
  private int nextOutput;
  private Future<?> pending;

  TensorStreamer(List<TensorSource> sources, ShardedWriter writer, StreamLimits limits) {
    this.sources = sources;
    this.writer = writer;
    this.encodedWrites = new EncodedWrites(writer);
    this.limits = limits;
    this.workers = new Workers(limits.threads());
    this.buffers = new BlockBuffers(sources, workers);
  }

  /** Merges and writes {@code t}. */
  void merge(PlannedTensor t) {
    if (isCopy(t)) {
      drain();
      reader(0).copy(source(t.models().get(0)), t.models().get(0).name(), writer, t.name());
    } else if (t.method().isTaskArithmetic()) {
      deltaMerge(t);
    } else if (t.method() == MergeMethod.LINEAR || t.method() == MergeMethod.PASSTHROUGH) {
      elementwise(t);
    } else {
      gramMerge(t);
    }
  }

  private boolean isCopy(PlannedTensor t) {
    if (t.method() != MergeMethod.PASSTHROUGH || t.params().get(0).scale() != 1.0) {
      return false;
    }
    TensorRef r = t.models().get(0);
    TensorSource s = source(r);
    return s.info(r.name()).byteOffset() >= 0 && s.info(r.name()).dtype() == t.outDtype();
  }

  private void deltaMerge(PlannedTensor t) {
    if (SinglePassMerge.applies(t, sources, limits.blockBytes()) && singlePass(t)) {
      return;
    }
    long[] dims = t.shape().dims();
    int models = t.models().size();
    DeltaMerge merge = DeltaMerge.of(t.method(), t.name(), dims, t.params(), t.options());
    BlockLayout layout = BlockLayout.of(dims, models + 1, limits.blockBytes(), DeltaMerge.needsWholeLines(t.method()));
    float[] base = slot(0, layout.maxLength());
    float[][] deltas = new float[models][];
    for (int m = 0; m < models; m++) {
      deltas[m] = slot(m + 1, layout.maxLength());
    }
    boolean inMemory = layout.blocks() == 1;
    for (int pass = 0; pass < merge.passes(); pass++) {
      for (int b = 0; b < layout.blocks(); b++) {
        if (pass == 0 || !inMemory) {
          readDeltas(t, layout.first(b), layout.length(b), base, deltas);
        }
        int p = pass;
        int length = layout.length(b);
        long first = layout.first(b);
        workers.forEach(models, m -> merge.observe(p, m, deltas[m], length, first));
      }
      merge.endPass(pass);
    }
    for (int b = 0; b < layout.blocks(); b++) {
      int length = layout.length(b);
      long first = layout.first(b);
      if (merge.passes() == 0 || !inMemory) {
        readDeltas(t, first, length, base, deltas);
      }
      workers.forEach(models, m -> merge.sparsify(m, deltas[m], length, first));
      workers.forRanges(length, (from, to) -> merge.combine(base, deltas, base, from, to));
      write(t, base, length);
    }
  }

  /**
   * Merges {@code t} in one pass into one of two output buffers and hands it to the writer thread,
   * so that writing overlaps the next tensor's merge; false when it must take the exact route.
   */
  private boolean singlePass(PlannedTensor t) {
    int bytes = Math.toIntExact(t.outBytes());
    int slot = nextOutput;
    if (outputs[slot].capacity() < bytes) {
      outputs[slot] = null;
      outputs[slot] = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    ByteBuffer out = outputs[slot].clear().limit(bytes);
    if (!SinglePassMerge.of(t, sources, workers, resources).mergeInto(out)) {
      return false;
    }
    drain();
    pending = writing.submit(() -> writer.writePart(t.name(), out.position(0).limit(bytes)));
    nextOutput = 1 - slot;
    return true;
  }

  /** Waits for the write in flight, if any; its failure surfaces here. Call before any other write. */
  void drain() {
    if (pending == null) {
      return;
    }
    Future<?> f = pending;
    pending = null;
    RuntimeException failure = Workers.await(f);
    if (failure != null) {
      throw failure;
    }
  }

  /** Reads the base block into {@code base}, then each model's task vector into {@code deltas}, in parallel. */
  private void readDeltas(PlannedTensor t, long first, int length, float[] base, float[][] deltas) {
    reader(deltas.length);
    reader(0).read(source(t.base()), t.base().name(), first, length, base, null);
    workers.forEach(deltas.length, m -> {
      TensorRef r = t.models().get(m);
      reader(m + 1).read(source(r), r.name(), first, length, deltas[m], base);
    });
  }

  private void elementwise(PlannedTensor t) {
    int inputs = t.models().size();
    BlockLayout layout = BlockLayout.of(t.shape().dims(), inputs + 1, limits.blockBytes(), false);
    for (int b = 0; b < layout.blocks(); b++) {
      int length = layout.length(b);
      long first = layout.first(b);
      List<float[]> values = readAll(t.models(), first, length);
      long[] blockShape = {length};
      float[] merged = t.method() == MergeMethod.PASSTHROUGH && t.params().get(0).scale() == 1.0
          ? values.get(0)
          : TensorMerge.merge(t.method(), new TensorInputs(t.name(), blockShape, null, values), t.params(), t.options());
      write(t, merged, length);
    }
  }

  /**
   * slerp, nuslerp, model_stock and karcher in row blocks of the inputs (the output in place of the
   * first): when the method's vectors cross blocks (the whole tensor, or columns), a first pass
   * over the blocks sums their Gram matrices, then a second merges; rows, or a tensor in one
   * block, are read once.
   */
  private void gramMerge(PlannedTensor t) {
    long[] dims = t.shape().dims();
    GramMerge merge = GramMerge.of(t.method(), t.name(), dims, t.params(), t.options(), t.base() != null);
    List<TensorRef> inputs = new ArrayList<>();
    if (t.base() != null) {
      inputs.add(t.base());
    }
    inputs.addAll(t.models());
    BlockLayout layout = BlockLayout.of(dims, inputs.size(), limits.blockBytes(), false);
    float[][] values = new float[inputs.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = slot(i, layout.maxLength());
    }
    float[] base = t.base() == null ? null : values[0];
    float[][] models = t.base() == null ? values : Arrays.copyOfRange(values, 1, values.length);
    if (merge.needsStatistics() && layout.blocks() > 1) {
      for (int b = 0; b < layout.blocks(); b++) {
        readInto(inputs, layout.first(b), layout.length(b), values);
        merge.observe(base, models, layout.length(b), layout.first(b), workers::forEach);
      }
      merge.endStatistics();
    }
    for (int b = 0; b < layout.blocks(); b++) {
      readInto(inputs, layout.first(b), layout.length(b), values);
      merge.merge(base, models, values[0], layout.length(b), layout.first(b), workers::forEach);
      write(t, values[0], layout.length(b));
    }
  }

  /** Reads elements [first, first + length) of each of {@code refs} into {@code values[i]}, in parallel. */
  private void readInto(List<TensorRef> refs, long first, int length, float[][] values) {
    buffers.readAll(refs, first, length, Arrays.asList(values));
  }

  /** Elements [first, first + length) of each of {@code refs}, read in parallel into new arrays. */
  private List<float[]> readAll(List<TensorRef> refs, long first, int length) {
    float[][] values = new float[refs.size()][length];
    readInto(refs, first, length, values);
    return List.of(values);
  }

  /** Encodes {@code values[0, length)} in the output dtype and appends them to the tensor being written. */
  private void write(PlannedTensor t, float[] values, int length) {
    drain();
    encodedWrites.write(t.name(), t.outDtype(), values, length);
  }

  private TensorSource source(TensorRef r) {
    return sources.get(r.source());
  }

  private TensorReader reader(int i) {
    return buffers.reader(i);
  }

  /**
   * The bytes of the reusable block arrays held now: within {@link StreamLimits#blockBytes()}
   * unless a row exceeds it.
   */
  long slotBytes() {
    return buffers.slotBytes();
  }

  private float[] slot(int i, int length) {
    return buffers.slot(i, length);
  }

  @Override
  public void close() {
    try {
      drain();
    } finally {
      writing.shutdownNow();
      workers.close();
      buffers.close();
      resources.close();
    }
  }
}
