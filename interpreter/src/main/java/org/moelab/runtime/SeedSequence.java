package org.moelab.runtime;

import java.util.SplittableRandom;

/**
 * The session's deterministic source of seeds for random ops called without one: the n-th draw
 * depends only on the base seed and n, so re-running a script gives the same bits.
 */
public final class SeedSequence {
  private long base;
  private long counter;

  /** Starts at {@code base}. */
  public SeedSequence(long base) {
    reset(base);
  }

  /** Restarts the sequence from {@code newBase}. */
  public void reset(long newBase) {
    this.base = newBase;
    this.counter = 0;
  }

  /** The next seed. */
  public long next() {
    return new SplittableRandom(base ^ 0x9E3779B97F4A7C15L * ++counter).nextLong();
  }

  /** Saves the position (checking must not consume seeds of the run). */
  public long position() {
    return counter;
  }

  /** Restores a saved position. */
  public void seek(long position) {
    counter = position;
  }
}
