package org.moelab.train;

/**
 * A learning rate as a function of the step number (0 for the first update), like PyTorch's
 * {@code LambdaLR} over a base rate.
 */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.Warmup, LrSchedule.Cosine {

  /** The rate for update number {@code step} (0-based). */
  double at(long step);

  /** The base (peak) rate. */
  double base();

  /** The same rate at every step. */
  record Constant(double base) implements LrSchedule {
    @Override
    public double at(long step) {
      return base;
    }
  }

  /** Linear warm-up from base/warmup to base over {@code warmup} steps, then constant. */
  record Warmup(double base, long warmup) implements LrSchedule {
    @Override
    public double at(long step) {
      return warmup <= 0 ? base : base * Math.min(1.0, (step + 1.0) / warmup);
    }
  }

  /**
   * Linear warm-up, then cosine decay from base to {@code min} at step {@code total}
   * (SGDR/Loshchilov–Hutter without restarts; HF's {@code get_cosine_schedule_with_warmup} for
   * min = 0).
   */
  record Cosine(double base, long total, long warmup, double min) implements LrSchedule {
    @Override
    public double at(long step) {
      if (step < warmup) {
        return base * (step + 1.0) / warmup;
      }
      double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
      return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}
