package org.moelab.merge;

import java.util.List;

/** The task-arithmetic family on whole tensors in memory: {@link DeltaMerge} with the tensor as one block. */
final class TaskArithmetic {
  private TaskArithmetic() {}

  /** Merges one tensor by {@code method}; {@code params.get(i)} belongs to {@code in.models().get(i)}. */
  static float[] merge(MergeMethod method, TensorInputs in, List<ModelParams> params, MergeOptions options) {
    DeltaMerge merge = DeltaMerge.of(method, in.name(), in.shape(), params, options);
    float[] base = in.base();
    int n = base.length;
    float[][] deltas = new float[in.models().size()][];
    for (int m = 0; m < deltas.length; m++) {
      float[] model = in.models().get(m);
      float[] delta = new float[n];
      for (int i = 0; i < n; i++) {
        delta[i] = model[i] - base[i];
      }
      deltas[m] = delta;
    }
    for (int pass = 0; pass < merge.passes(); pass++) {
      for (int m = 0; m < deltas.length; m++) {
        merge.observe(pass, m, deltas[m], n, 0);
      }
      merge.endPass(pass);
    }
    for (int m = 0; m < deltas.length; m++) {
      merge.sparsify(m, deltas[m], n, 0);
    }
    float[] out = new float[n];
    merge.combine(base, deltas, out, 0, n);
    return out;
  }
}
