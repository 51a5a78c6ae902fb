package org.moelab.merge;

/**
 * Sparsifies one model's task vector for one tensor, as mergekit's {@code sparsify.py} does, fed in
 * consecutive blocks so a tensor never has to be in memory whole. A sparsifier first needs {@link
 * #passes()} statistics passes over the vector ({@link #observe}, then {@link #endPass}), then
 * {@link #apply} sparsifies and rescales each block in place. Blocks must arrive in index order
 * within a pass; the result does not depend on how the vector is cut into blocks.
 *
 * <p>Two documented departures from mergekit: ties in magnitude go to the lower index (a stable
 * sort; torch's order is unspecified), and breadcrumbs with {@code int(gamma·n) = 0} drops no
 * outliers instead of zeroing the whole delta.
 */
abstract class DeltaSparsifier {
  private static final double NORM_EPS = 1e-7;
  /** ‖δ‖₁ before sparsifying, accumulated in index order (L1 rescale only). */
  double before;
  /** ‖m ⊙ δ‖₁, accumulated in index order (L1 rescale only). */
  double after;

  /** The statistics passes needed before {@link #apply}. */
  abstract int passes();

  /** Pass {@code pass} over {@code delta[0, length)}, elements {@code [offset, offset + length)}. */
  abstract void observe(int pass, float[] delta, int length, long offset);

  /** Called once after every block of pass {@code pass} was observed. */
  void endPass(int pass) {}

  /** Sparsifies and rescales {@code delta[0, length)}, elements {@code [offset, offset + length)}, in place. */
  abstract void apply(float[] delta, int length, long offset);

  /**
   * The sparsifier of model {@code model} (0-based among the non-base models) for tensor {@code
   * name} of {@code shape}.
   */
  static DeltaSparsifier of(Sparsification method, long[] shape, ModelParams p, MergeOptions options, String name,
      int model) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (method == Sparsification.NONE || p.density() >= 1) {
      return new Identity();
    }
    return switch (method) {
      case MAGNITUDE -> MagnitudeSparsifier.topK(n, (long) (p.density() * n), p.density(), options);
      case MAGNITUDE_OUTLIERS -> MagnitudeSparsifier.outliers(n, p.density(), p.gamma(), options);
      case RANDOM -> new RandomSparsifier(p.density(), options, MaskRandom.of(options.seed(), name, model));
      case DELLA_MAGPRUNE -> new DellaSparsifier(shape, p, options, MaskRandom.of(options.seed(), name, model));
      default -> throw new IllegalStateException("unhandled sparsification " + method);
    };
  }

  /** mergekit's L1 rescale factor ‖δ‖₁ / ‖m ⊙ δ‖₁, or 1 when either norm is below 1e-7. */
  float l1Factor() {
    if (before < NORM_EPS || after < NORM_EPS) {
      return 1f;
    }
    return (float) before / (float) after;
  }

  /** Adds ‖x[0, length)‖₁ to {@code sum} in index order. */
  static double l1(float[] x, int length, double sum) {
    double s = sum;
    for (int i = 0; i < length; i++) {
      s += Math.abs(x[i]);
    }
    return s;
  }

  /** Multiplies {@code x[0, length)} by {@code factor}, unless it is 1. */
  static void scale(float[] x, int length, float factor) {
    if (factor == 1f) {
      return;
    }
    for (int i = 0; i < length; i++) {
      x[i] *= factor;
    }
  }

  /** Keeps everything: no sparsification, or density ≥ 1. */
  private static final class Identity extends DeltaSparsifier {
    @Override
    int passes() {
      return 0;
    }

    @Override
    void observe(int pass, float[] delta, int length, long offset) {
      throw new IllegalStateException("no statistics passes");
    }

    @Override
    void apply(float[] delta, int length, long offset) {
      // Nothing is dropped and nothing rescaled.
    }
  }
}
