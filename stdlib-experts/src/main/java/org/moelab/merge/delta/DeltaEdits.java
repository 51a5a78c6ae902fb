package org.moelab.merge.delta;

/** Element-wise task-vector edits: CaPE and model patches. */
public final class DeltaEdits {
  private DeltaEdits() {}

  /**
   * CaPE (Choubey et al., contrastive parameter ensembling): base + α·(expert − antiExpert), adding
   * what the expert learned and subtracting what the anti-expert learned (both from the same base).
   */
  public static float[] cape(float[] base, float[] expert, float[] antiExpert, double alpha) {
    float a = (float) alpha;
    float[] out = new float[base.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = base[i] + a * (expert[i] - antiExpert[i]);
    }
    return out;
  }

  /** A model patch: targetBase + scale·(model − sourceBase), the delta of {@code model} moved onto another base. */
  public static float[] patch(float[] model, float[] sourceBase, float[] targetBase, double scale) {
    float s = (float) scale;
    float[] out = new float[model.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = targetBase[i] + s * (model[i] - sourceBase[i]);
    }
    return out;
  }
}
