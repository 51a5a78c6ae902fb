package org.moelab.merge;

/**
 * DARE's random sparsification: element {@code i} is kept when its counter-based uniform number is
 * below the density, so the mask depends only on (seed, tensor, model, i). With L1 rescaling one
 * pass measures ‖δ‖₁ and the kept norm.
 */
final class RandomSparsifier extends DeltaSparsifier {
  private final double density;
  private final MergeOptions options;
  private final MaskRandom rng;

  RandomSparsifier(double density, MergeOptions options, MaskRandom rng) {
    this.density = density;
    this.options = options;
    this.rng = rng;
  }

  private boolean l1Rescale() {
    return options.rescale() && options.rescaleMode() == RescaleMode.L1;
  }

  @Override
  int passes() {
    return l1Rescale() ? 1 : 0;
  }

  @Override
  void observe(int pass, float[] delta, int length, long offset) {
    double b = before;
    double a = after;
    for (int i = 0; i < length; i++) {
      double magnitude = Math.abs(delta[i]);
      b += magnitude;
      a += rng.uniform(offset + i) < density ? magnitude : 0.0;
    }
    before = b;
    after = a;
  }

  @Override
  void apply(float[] delta, int length, long offset) {
    for (int i = 0; i < length; i++) {
      if (!(rng.uniform(offset + i) < density)) {
        delta[i] = 0f;
      }
    }
    if (options.rescale()) {
      scale(delta, length, options.rescaleMode() == RescaleMode.DENSITY ? (float) (1.0 / density) : l1Factor());
    }
  }
}
