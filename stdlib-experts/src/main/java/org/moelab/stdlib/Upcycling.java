package org.moelab.stdlib;

import java.util.SplittableRandom;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Sparse upcycling [Komatsuzaki et al. 2023] copies a dense MLP into E experts; Drop-Upcycling
 * [Nakamura et al. 2025] then re-initialises, per expert, a random fraction r of the intermediate
 * channels: {@code int(r·f)} channels drawn without replacement (SplittableRandom seeded with
 * {@code seed + e}), the same channels in every matrix of the expert (rows of w1 and w3, columns of
 * w2), each matrix's new entries drawn from N(mean, std) of that original matrix (unbiased std).
 */
final class Upcycling {
  private Upcycling() {}

  /** Expert {@code e}'s copy of {@code dense}, with channels re-drawn when {@code ratio} > 0. */
  static Callable expert(CallContext ctx, Callable dense, int e, double ratio, long seed) {
    String label = "upcycled expert " + e;
    if (ratio <= 0 || ctx.isChecking()) {
      return copy(ctx, dense, label);
    }
    long f = dense instanceof SwigluExpert s ? Shapes.size(s.f()) : Shapes.size(((MlpExpert) dense).wIn().shape().dim(0));
    int[] channels = channels((int) f, (int) (ratio * f), new SplittableRandom(seed + e));
    SplittableRandom rng = new SplittableRandom(seed + e + 0x5DEECE66DL);
    if (dense instanceof SwigluExpert s) {
      return new SwigluExpert(redraw(ctx, s.w1(), channels, true, rng, label), redraw(ctx, s.w2(), channels, false, rng, label),
          redraw(ctx, s.w3(), channels, true, rng, label));
    }
    MlpExpert m = (MlpExpert) dense;
    return new MlpExpert(redraw(ctx, m.wIn(), channels, true, rng, label), redraw(ctx, m.wOut(), channels, false, rng, label),
        m.activation());
  }

  private static Callable copy(CallContext ctx, Callable dense, String label) {
    if (dense instanceof SwigluExpert s) {
      return new SwigluExpert(ExpertEditing.copy(ctx, s.w1(), label), ExpertEditing.copy(ctx, s.w2(), label),
          ExpertEditing.copy(ctx, s.w3(), label));
    }
    MlpExpert m = (MlpExpert) dense;
    return new MlpExpert(ExpertEditing.copy(ctx, m.wIn(), label), ExpertEditing.copy(ctx, m.wOut(), label), m.activation());
  }

  /** {@code count} distinct channels of {@code f}, by a partial Fisher–Yates shuffle. */
  static int[] channels(int f, int count, SplittableRandom rng) {
    int[] perm = new int[f];
    for (int i = 0; i < f; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < count; i++) {
      int j = i + rng.nextInt(f - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return java.util.Arrays.copyOf(perm, count);
  }

  /** The matrix with the given channels (rows when {@code rows}, else columns) drawn from N(mean, std). */
  private static TensorValue redraw(CallContext ctx, TensorValue w, int[] channels, boolean rows, SplittableRandom rng,
      String label) {
    HostTensor h = ctx.host(w).cast(DType.F64);
    double[] v = h.toDoubleArray();
    long[] dims = h.shape().dims();
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(ss / Math.max(v.length - 1, 1));
    int r = (int) dims[0];
    int c = (int) dims[1];
    for (int ch : channels) {
      for (int i = 0; i < (rows ? c : r); i++) {
        int at = rows ? ch * c + i : i * c + ch;
        v[at] = mean + std * gaussian(rng);
      }
    }
    return ctx.ops().constant(HostTensor.fromDoubles(w.dtype(), Shape.of(r, c), v), label);
  }

  /** A standard normal draw (Box–Muller). */
  private static double gaussian(SplittableRandom rng) {
    double u = 1.0 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
