package org.moelab.merge;

import java.util.Arrays;

/**
 * DELLA's MAGPRUNE: each element is kept with probability {@code density − ε + 2ε·(rank − 1)/(len
 * − 1)}, its magnitude's rank along axis 1 (a vector is one line); kept elements are divided by
 * their probability ({@code rescale_mode: density}) or the whole vector is scaled to keep ‖δ‖₁
 * ({@code l1}, one statistics pass). Blocks must hold whole rows of the first axis (a vector: the
 * whole vector), so every line along axis 1 lies in one block.
 */
final class DellaSparsifier extends DeltaSparsifier {
  private final long[] shape;
  private final ModelParams p;
  private final MergeOptions options;
  private final MaskRandom rng;

  DellaSparsifier(long[] shape, ModelParams p, MergeOptions options, MaskRandom rng) {
    this.shape = shape.clone();
    this.p = p;
    this.options = options;
    this.rng = rng;
  }

  private boolean l1Rescale() {
    return options.rescale() && options.rescaleMode() == RescaleMode.L1;
  }

  @Override
  int passes() {
    return p.density() > 0 && l1Rescale() ? 1 : 0;
  }

  @Override
  void observe(int pass, float[] delta, int length, long offset) {
    float[] probs = probabilities(delta, length);
    double b = before;
    double a = after;
    for (int i = 0; i < length; i++) {
      double magnitude = Math.abs(delta[i]);
      b += magnitude;
      a += rng.uniform(offset + i) < probs[i] ? magnitude : 0.0;
    }
    before = b;
    after = a;
  }

  @Override
  void apply(float[] delta, int length, long offset) {
    if (p.density() <= 0) {
      Arrays.fill(delta, 0, length, 0f);
      return;
    }
    float[] probs = probabilities(delta, length);
    boolean divide = options.rescale() && options.rescaleMode() == RescaleMode.DENSITY;
    for (int i = 0; i < length; i++) {
      boolean keep = rng.uniform(offset + i) < probs[i];
      delta[i] = !keep ? 0f : divide ? delta[i] / probs[i] : delta[i];
    }
    if (l1Rescale()) {
      scale(delta, length, l1Factor());
    }
  }

  /** The keep probabilities of a block of whole rows (the whole vector for a vector). */
  private float[] probabilities(float[] delta, int length) {
    long[] block = shape.clone();
    if (block.length >= 2) {
      block[0] = length / (length == 0 ? 1 : rowSize());
    }
    return Sparsify.dellaProbabilities(delta, length, block, p.density(), p.epsilon());
  }

  private long rowSize() {
    long size = 1;
    for (int d = 1; d < shape.length; d++) {
      size *= shape[d];
    }
    return size;
  }
}
