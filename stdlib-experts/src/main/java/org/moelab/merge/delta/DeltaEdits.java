package org.moelab.merge.delta;

/**
 * Element-wise task-vector edits: CaPE and model patches, on whole tensors or on a range of a block
 * (the streamed edits of checkpoints run the same loops on row blocks).
 */
public final class DeltaEdits {
  private DeltaEdits() {}

  /**
   * CaPE (Choubey et al., contrastive parameter ensembling): base + α·(expert − antiExpert), adding
   * what the expert learned and subtracting what the anti-expert learned (both from the same base).
   */
  public static float[] cape(float[] base, float[] expert, float[] antiExpert, double alpha) {
    float[] out = new float[base.length];
    capeInto(base, expert, antiExpert, alpha, out, 0, out.length);
    return out;
  }

  /** {@link #cape} of elements {@code [from, to)} into {@code out} (which may be an input). */
  public static void capeInto(float[] base, float[] expert, float[] antiExpert, double alpha, float[] out, int from,
      int to) {
    float a = (float) alpha;
    for (int i = from; i < to; i++) {
      out[i] = base[i] + a * (expert[i] - antiExpert[i]);
    }
  }

  /** A model patch: targetBase + scale·(model − sourceBase), the delta of {@code model} moved onto another base. */
  public static float[] patch(float[] model, float[] sourceBase, float[] targetBase, double scale) {
    float[] out = new float[model.length];
    patchInto(model, sourceBase, targetBase, scale, out, 0, out.length);
    return out;
  }

  /** {@link #patch} of elements {@code [from, to)} into {@code out} (which may be an input). */
  public static void patchInto(float[] model, float[] sourceBase, float[] targetBase, double scale, float[] out,
      int from, int to) {
    float s = (float) scale;
    for (int i = from; i < to; i++) {
      out[i] = targetBase[i] + s * (model[i] - sourceBase[i]);
    }
  }
}
