package org.moelab.merge;

/**
 * The method-wide options of one tensor's merge, already resolved for that tensor (gradients and
 * filters applied). Defaults are mergekit's; see {@link #defaults(MergeMethod)}.
 *
 * @param normalize divide the mixed delta (or the weighted sum) by the sum of weights
 * @param rescale rescale sparsified deltas (how: {@code rescaleMode})
 * @param lambda scale of the mixed delta, applied after normalisation (task-arithmetic family)
 * @param t the interpolation factor of slerp (0 gives the base)
 * @param filterWise model_stock: one angle per row instead of per tensor
 * @param rescaleMode L1-norm matching (mergekit) or 1/density (PEFT)
 * @param signElection how sign-consensus methods elect the sign
 * @param seed the seed of random masks; a tensor's mask depends on (seed, name, model position)
 * @param nuslerpRowWise nuslerp: interpolate columns (vectors along the first axis) instead of rows
 * @param nuslerpFlatten nuslerp: treat the whole tensor as one vector (mergekit's default)
 * @param maxIter karcher: the most iterations
 * @param tol karcher: the convergence tolerance
 */
public record MergeOptions(
    boolean normalize, boolean rescale, double lambda, double t, boolean filterWise,
    RescaleMode rescaleMode, SignElection signElection, long seed,
    boolean nuslerpRowWise, boolean nuslerpFlatten, int maxIter, double tol) {

  /** mergekit's defaults for {@code method}; {@code t} has no default in mergekit and is 0.5 here. */
  public static MergeOptions defaults(MergeMethod method) {
    return new MergeOptions(method.defaultNormalize(), method.defaultRescale(), 1.0, 0.5, false,
        RescaleMode.L1, SignElection.WEIGHTED_SUM, 0L, false, true, 10, 1e-5);
  }

  /** A copy with {@code normalize} changed. */
  public MergeOptions withNormalize(boolean value) {
    return new MergeOptions(value, rescale, lambda, t, filterWise, rescaleMode, signElection, seed,
        nuslerpRowWise, nuslerpFlatten, maxIter, tol);
  }

  /** A copy with {@code rescale} changed. */
  public MergeOptions withRescale(boolean value) {
    return new MergeOptions(normalize, value, lambda, t, filterWise, rescaleMode, signElection, seed,
        nuslerpRowWise, nuslerpFlatten, maxIter, tol);
  }

  /** A copy with {@code lambda} changed. */
  public MergeOptions withLambda(double value) {
    return new MergeOptions(normalize, rescale, value, t, filterWise, rescaleMode, signElection, seed,
        nuslerpRowWise, nuslerpFlatten, maxIter, tol);
  }

  /** A copy with {@code t} changed. */
  public MergeOptions withT(double value) {
    return new MergeOptions(normalize, rescale, lambda, value, filterWise, rescaleMode, signElection, seed,
        nuslerpRowWise, nuslerpFlatten, maxIter, tol);
  }

  /** A copy with {@code filterWise} changed. */
  public MergeOptions withFilterWise(boolean value) {
    return new MergeOptions(normalize, rescale, lambda, t, value, rescaleMode, signElection, seed,
        nuslerpRowWise, nuslerpFlatten, maxIter, tol);
  }

  /** A copy with {@code rescaleMode} changed. */
  public MergeOptions withRescaleMode(RescaleMode value) {
    return new MergeOptions(normalize, rescale, lambda, t, filterWise, value, signElection, seed,
        nuslerpRowWise, nuslerpFlatten, maxIter, tol);
  }

  /** A copy with {@code signElection} changed. */
  public MergeOptions withSignElection(SignElection value) {
    return new MergeOptions(normalize, rescale, lambda, t, filterWise, rescaleMode, value, seed,
        nuslerpRowWise, nuslerpFlatten, maxIter, tol);
  }

  /** A copy with {@code seed} changed. */
  public MergeOptions withSeed(long value) {
    return new MergeOptions(normalize, rescale, lambda, t, filterWise, rescaleMode, signElection, value,
        nuslerpRowWise, nuslerpFlatten, maxIter, tol);
  }

  /** A copy with the nuslerp options changed. */
  public MergeOptions withNuslerp(boolean rowWise, boolean flatten) {
    return new MergeOptions(normalize, rescale, lambda, t, filterWise, rescaleMode, signElection, seed,
        rowWise, flatten, maxIter, tol);
  }

  /** A copy with the karcher options changed. */
  public MergeOptions withKarcher(int iterations, double tolerance) {
    return new MergeOptions(normalize, rescale, lambda, t, filterWise, rescaleMode, signElection, seed,
        nuslerpRowWise, nuslerpFlatten, iterations, tolerance);
  }
}
