package org.moelab.merge.delta;

/**
 * ComPEFT (Yadav et al., "ComPEFT: Compression for Communicating Parameter Efficient Updates via
 * Sparsification and Quantization"): a task vector τ is replaced by γ·sign(τ)·m, where m keeps the
 * {@code int(density·n)} largest |τ| (ties to the lower index) and γ is one scalar per tensor:
 * {@code "std"} (the paper) γ = α·std(τ) with the unbiased standard deviation of the whole τ, or
 * {@code "mean"} γ = α·mean |τ| over the kept entries (a sign-preserving magnitude quantiser). The
 * math is {@link ComPeftTensor}'s, here with the whole vector as one block.
 */
public final class ComPeft {
  private ComPeft() {}

  /** How the one scalar is chosen. */
  public enum Scale { STD, MEAN }

  /** The compressed task vector. */
  public static float[] compress(float[] tau, double density, double alpha, Scale scale) {
    return compressTensor(tau, null, density, alpha, scale);
  }

  /**
   * One tensor of a model: base + compressed (model − base), the difference and the sum in f32, or
   * the compressed {@code model} when {@code base} is null.
   */
  public static float[] compressTensor(float[] model, float[] base, double density, double alpha, Scale scale) {
    float[] tau = model;
    if (base != null) {
      tau = new float[model.length];
      for (int i = 0; i < tau.length; i++) {
        tau[i] = model[i] - base[i];
      }
    }
    ComPeftTensor c = new ComPeftTensor(tau.length, density, alpha, scale);
    for (int pass = 0; pass < c.passes(); pass++) {
      c.observe(pass, tau, tau.length);
      c.endPass(pass);
    }
    float[] out = new float[tau.length];
    c.apply(tau, base, out, tau.length);
    return out;
  }
}
