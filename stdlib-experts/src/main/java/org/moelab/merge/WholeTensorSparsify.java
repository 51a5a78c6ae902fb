package org.moelab.merge;

/**
 * Sparsifies one whole task vector in memory with the streaming sparsifiers of the task-arithmetic
 * family: the entry point for merges outside mergekit's family (PEFT's adapter merges) that prune
 * as mergekit's {@code sparsify.py} does.
 */
public final class WholeTensorSparsify {
  private WholeTensorSparsify() {}

  /**
   * Magnitude pruning: keeps the {@code int(density·n)} largest |x| (ties to the lower index), no
   * rescaling; density ≥ 1 keeps everything. Returns a new array.
   */
  public static float[] magnitude(float[] x, double density) {
    MergeOptions options = MergeOptions.defaults(MergeMethod.TIES).withRescale(false);
    return run(Sparsification.MAGNITUDE, x, density, options, "", 0);
  }

  /**
   * DARE's random pruning: keeps element i when the counter-based uniform number of (seed, name,
   * model, i) is below density and divides the kept ones by density (PEFT's rescale); density ≥ 1
   * keeps everything unscaled. Returns a new array.
   */
  public static float[] random(float[] x, double density, long seed, String name, int model) {
    MergeOptions options = MergeOptions.defaults(MergeMethod.DARE_LINEAR).withRescale(true)
        .withRescaleMode(RescaleMode.DENSITY).withSeed(seed);
    return run(Sparsification.RANDOM, x, density, options, name, model);
  }

  private static float[] run(Sparsification method, float[] x, double density, MergeOptions options, String name,
      int model) {
    float[] out = x.clone();
    ModelParams params = ModelParams.DEFAULT.withDensity(density);
    DeltaSparsifier s = DeltaSparsifier.of(method, new long[] {out.length}, params, options, name, model);
    for (int pass = 0; pass < s.passes(); pass++) {
      s.observe(pass, out, out.length, 0);
      s.endPass(pass);
    }
    s.apply(out, out.length, 0);
    return out;
  }
}
