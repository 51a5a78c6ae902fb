package org.moelab.merge.stream;

import java.util.ArrayList;
import java.util.List;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorSource;
import org.moelab.merge.data.DataMethod;
import org.moelab.merge.data.FisherMerge;
import org.moelab.merge.data.RegMean;
import org.moelab.merge.data.RegMeanBlock;
import org.moelab.merge.data.RegMeanLayer;
import org.moelab.merge.plan.DataMergePlan;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;

/**
 * Merges the tensors of a {@link DataMergePlan} out of core, with the in-memory code's math
 * ({@link FisherMerge}, {@link RegMeanLayer}, {@link RegMean#averageInto}) applied piece by piece:
 *
 * <ul>
 *   <li>Fisher merging and RegMean's averaged tensors are elementwise: row blocks of the models
 *       (and Fishers) within {@link StreamLimits#blockBytes()}, read in parallel, combined on
 *       disjoint ranges in parallel;
 *   <li>a RegMean weight [out, in] sums the models' Grams in row chunks into one [in, in] double
 *       matrix and factors it; then, per block of output rows, each model's W rows are read and its
 *       Gram streamed again in row chunks to form the right-hand side, which is solved and written;
 *   <li>integer tensors are copied by {@link TensorStreamer}.
 * </ul>
 *
 * Results equal the in-memory merge float for float (each output element sees the same operations
 * in the same order), then are encoded in the output dtype.
 */
final class DataMergeStreamer extends BlockMerger {
  private final DataMergePlan plan;

  DataMergeStreamer(DataMergePlan plan, List<TensorSource> sources, ShardedWriter writer, StreamLimits limits) {
    super(sources, writer, limits);
    this.plan = plan;
  }

  @Override
  void compute(PlannedTensor t) {
    List<TensorRef> stats = plan.statisticsOf(t.name());
    if (plan.method() == DataMethod.REGMEAN && !stats.isEmpty()) {
      regmean(t, stats);
    } else {
      elementwise(t, stats);
    }
  }

  /** Fisher merging (models, then their Fishers) or RegMean's average (models only), a row block at a time. */
  private void elementwise(PlannedTensor t, List<TensorRef> fishers) {
    List<TensorRef> inputs = new ArrayList<>(t.models());
    inputs.addAll(fishers);
    BlockLayout layout = BlockLayout.of(t.shape().dims(), inputs.size() + 1, limits.blockBytes(), false);
    List<float[]> values = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      values.add(slot(i, layout.maxLength()));
    }
    float[] out = slot(inputs.size(), layout.maxLength());
    int models = t.models().size();
    double[] weights = t.params().stream().mapToDouble(p -> p.weight()).toArray();
    for (int b = 0; b < layout.blocks(); b++) {
      int length = layout.length(b);
      readAll(inputs, layout.first(b), length, values);
      if (plan.method() == DataMethod.FISHER) {
        workers.forRanges(length, (from, to) -> FisherMerge.mergeInto(values.subList(0, models),
            values.subList(models, values.size()), weights, plan.parameter(), out, from, to));
      } else {
        workers.forRanges(length, (from, to) -> RegMean.averageInto(values.subList(0, models), out, from, to));
      }
      output.write(t.name(), t.outDtype(), out, length);
    }
  }

  /** RegMean of a weight [out, in] with one Gram [in, in] per model. */
  private void regmean(PlannedTensor t, List<TensorRef> grams) {
    int out = Math.toIntExact(t.shape().dims()[0]);
    int in = Math.toIntExact(t.shape().dims()[1]);
    RegMeanLayer layer = new RegMeanLayer(t.name(), out, in, plan.parameter());
    for (TensorRef g : grams) {
      forGramChunks(g, in, layer::addGram);
    }
    layer.factor();
    int blockRows = (int) Math.max(1, Math.min(out, limits.blockBytes() / (24L * in)));
    for (int first = 0; first < out; first += blockRows) {
      int rows = Math.min(blockRows, out - first);
      RegMeanBlock block = layer.block(first, rows);
      float[] w = slot(0, rows * in);
      for (int m = 0; m < grams.size(); m++) {
        TensorRef model = t.models().get(m);
        reader(0).read(source(model), model.name(), (long) first * in, rows * in, w, null);
        forGramChunks(grams.get(m), in, (chunk, from, count) -> block.addModel(chunk, from, count, w));
      }
      output.write(t.name(), t.outDtype(), block.solve(), rows * in);
    }
  }

  /** Work on Gram rows {@code [first, first + count)}, held in {@code chunk[0, count · in)}. */
  @FunctionalInterface
  private interface GramChunkTask {
    void accept(float[] chunk, int first, int count);
  }

  /**
   * Reads Gram {@code g} [in, in] in chunks of whole rows (together at most a quarter of the block
   * budget), one chunk per thread at a time, and hands each to {@code task} on its thread; chunks
   * cover disjoint rows.
   */
  private void forGramChunks(TensorRef g, int in, GramChunkTask task) {
    int parts = workers.threads();
    int chunkRows = (int) Math.max(1, Math.min(in, limits.blockBytes() / 4 / parts / (4L * in)));
    float[][] chunks = new float[parts][];
    for (int p = 0; p < parts; p++) {
      chunks[p] = slot(1 + p, chunkRows * in);
    }
    reader(parts);
    for (int start = 0; start < in; start += chunkRows * parts) {
      int round = start;
      workers.forEach(parts, p -> {
        int first = round + p * chunkRows;
        int count = Math.min(chunkRows, in - first);
        if (count > 0) {
          reader(1 + p).read(source(g), g.name(), (long) first * in, count * in, chunks[p], null);
          task.accept(chunks[p], first, count);
        }
      });
    }
  }

  private void readAll(List<TensorRef> refs, long first, int length, List<float[]> into) {
    buffers.readAll(refs, first, length, into);
  }

  private TensorSource source(TensorRef r) {
    return sources.get(r.source());
  }

  private TensorReader reader(int i) {
    return buffers.reader(i);
  }
}
