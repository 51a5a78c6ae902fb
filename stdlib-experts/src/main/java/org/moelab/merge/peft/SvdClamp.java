package org.moelab.merge.peft;

import java.util.Arrays;

/**
 * PEFT's {@code svd_clamp}: hi = the q-quantile (linear interpolation, as {@code torch.quantile}) of
 * all entries of U·S and Vh together; both are clamped to [−hi, hi].
 */
final class SvdClamp {
  private SvdClamp() {}

  static void apply(double[] us, double[] vh, double q) {
    if (q < 0 || q > 1) {
      throw new org.moelab.merge.MergeException("svd_clamp is a quantile in [0, 1], got " + q + ".");
    }
    double[] all = new double[us.length + vh.length];
    System.arraycopy(us, 0, all, 0, us.length);
    System.arraycopy(vh, 0, all, us.length, vh.length);
    Arrays.sort(all);
    double pos = q * (all.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    double top = all[lo] + (all[hi] - all[lo]) * (pos - lo);
    clamp(us, -top, top);
    clamp(vh, -top, top);
  }

  private static void clamp(double[] x, double low, double high) {
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.min(Math.max(x[i], low), high);
    }
  }
}
