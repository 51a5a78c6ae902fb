package org.moelab.merge.stream;

import java.util.List;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorSource;
import org.moelab.merge.delta.ComPeftTensor;
import org.moelab.merge.delta.DeltaCoMe;
import org.moelab.merge.delta.DeltaEdits;
import org.moelab.merge.delta.EditMethod;
import org.moelab.merge.plan.EditSpec;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;

/**
 * Edits the tensors of an {@link org.moelab.merge.plan.EditPlan} out of core with the in-memory
 * code's math, so each output equals the in-memory edit of the decoded inputs float for float
 * before it is encoded in the output dtype:
 *
 * <ul>
 *   <li>cape and model_patch are elementwise ({@link DeltaEdits#capeInto}, {@link
 *       DeltaEdits#patchInto}): row blocks of the three inputs within {@link
 *       StreamLimits#blockBytes()}, read in parallel, combined on disjoint ranges in parallel
 *       (the output in place of the edited input), one pass;
 *   <li>compeft ({@link ComPeftTensor}) holds τ = model − base (formed while decoding) and the base
 *       of a row block; a tensor in one block is read once, a larger one once per statistics pass
 *       (the magnitude threshold's two counting passes, which also give std(τ); one more for the
 *       mean |kept τ|) and once more to write;
 *   <li>delta_come ({@link DeltaCoMe#compressDelta}) reads a 2-D task vector whole, as its SVD
 *       needs, and compresses it in double precision as the in-memory edit does;
 *   <li>copies (integer tensors, delta_come's tensors that are not 2-D) go by {@link TensorStreamer}.
 * </ul>
 */
final class EditStreamer extends BlockMerger {
  private final EditSpec spec;

  EditStreamer(EditSpec spec, List<TensorSource> sources, ShardedWriter writer, StreamLimits limits) {
    super(sources, writer, limits);
    this.spec = spec;
  }

  @Override
  void compute(PlannedTensor t) {
    switch (spec.method()) {
      case CAPE, MODEL_PATCH -> elementwise(t);
      case COMPEFT -> compeft(t);
      case DELTA_COME -> deltaCome(t);
      default -> throw new IllegalStateException("unhandled edit " + spec.method());
    }
  }

  /** cape or model_patch, a row block of the three inputs at a time, the output in place of the edited one. */
  private void elementwise(PlannedTensor t) {
    BlockLayout layout = BlockLayout.of(t.shape().dims(), 3, limits.blockBytes(), false);
    List<float[]> v = List.of(slot(0, layout.maxLength()), slot(1, layout.maxLength()), slot(2, layout.maxLength()));
    float[] out = v.get(spec.method().primary(3));
    double factor = spec.factor();
    for (int b = 0; b < layout.blocks(); b++) {
      int length = layout.length(b);
      buffers.readAll(t.models(), layout.first(b), length, v);
      if (spec.method() == EditMethod.CAPE) {
        workers.forRanges(length, (from, to) -> DeltaEdits.capeInto(v.get(0), v.get(1), v.get(2), factor, out, from,
            to));
      } else {
        workers.forRanges(length, (from, to) -> DeltaEdits.patchInto(v.get(0), v.get(1), v.get(2), factor, out, from,
            to));
      }
      output.write(t.name(), t.outDtype(), out, length);
    }
  }

  /** compeft in row blocks of τ (and the base): statistics passes, then the writing pass. */
  private void compeft(PlannedTensor t) {
    boolean withBase = t.models().size() == 2;
    BlockLayout layout = BlockLayout.of(t.shape().dims(), withBase ? 2 : 1, limits.blockBytes(), false);
    float[] tau = slot(0, layout.maxLength());
    float[] base = withBase ? slot(1, layout.maxLength()) : null;
    ComPeftTensor c = new ComPeftTensor(t.shape().size(), spec.density(), spec.factor(), spec.scale());
    boolean inMemory = layout.blocks() == 1;
    for (int pass = 0; pass < c.passes(); pass++) {
      for (int b = 0; b < layout.blocks(); b++) {
        if (pass == 0 || !inMemory) {
          readTaskVector(t, layout.first(b), layout.length(b), tau, base);
        }
        c.observe(pass, tau, layout.length(b));
      }
      c.endPass(pass);
    }
    for (int b = 0; b < layout.blocks(); b++) {
      if (c.passes() == 0 || !inMemory) {
        readTaskVector(t, layout.first(b), layout.length(b), tau, base);
      }
      c.apply(tau, base, tau, layout.length(b));
      output.write(t.name(), t.outDtype(), tau, layout.length(b));
    }
  }

  /** delta_come of one 2-D tensor, read whole: Δ = model − base (f32), compressed, plus the base. */
  private void deltaCome(PlannedTensor t) {
    int n = Math.toIntExact(t.shape().size());
    boolean withBase = t.models().size() == 2;
    float[] delta = new float[n];
    float[] base = withBase ? new float[n] : null;
    readTaskVector(t, 0, n, delta, base);
    float[] out = DeltaCoMe.compressDelta(delta, base, t.shape().dims(), spec.rankArray(), spec.bitArray());
    output.write(t.name(), t.outDtype(), out, n);
  }

  /**
   * Reads elements [first, first + length) of the model into {@code tau}, minus the base's (read
   * into {@code base} first) when there is a base ({@code base} not null).
   */
  private void readTaskVector(PlannedTensor t, long first, int length, float[] tau, float[] base) {
    TensorRef model = t.models().get(0);
    if (base != null) {
      TensorRef b = t.models().get(1);
      buffers.reader(0).read(buffers.source(b), b.name(), first, length, base, null);
    }
    buffers.reader(1).read(buffers.source(model), model.name(), first, length, tau, base);
  }
}
