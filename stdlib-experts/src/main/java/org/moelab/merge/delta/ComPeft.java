package org.moelab.merge.delta;

import org.moelab.merge.WholeTensorSparsify;

/**
 * ComPEFT (Yadav et al., "ComPEFT: Compression for Communicating Parameter Efficient Updates via
 * Sparsification and Quantization"): a task vector τ is replaced by γ·sign(τ)·m, where m keeps the
 * {@code int(density·n)} largest |τ| (ties to the lower index) and γ is one scalar per tensor:
 * {@code "std"} (the paper) γ = α·std(τ) with the unbiased standard deviation of the whole τ, or
 * {@code "mean"} γ = α·mean |τ| over the kept entries (a sign-preserving magnitude quantiser).
 */
public final class ComPeft {
  private ComPeft() {}

  /** How the one scalar is chosen. */
  public enum Scale { STD, MEAN }

  /** The compressed task vector. */
  public static float[] compress(float[] tau, double density, double alpha, Scale scale) {
    float[] kept = WholeTensorSparsify.magnitude(tau, density);
    double gamma = alpha * (scale == Scale.STD ? std(tau) : meanAbsKept(kept));
    float g = (float) gamma;
    float[] out = new float[tau.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = kept[i] == 0 ? 0f : Math.signum(kept[i]) * g;
    }
    return out;
  }

  /** The unbiased standard deviation (n − 1), in double precision; 0 for fewer than two values. */
  static double std(float[] x) {
    if (x.length < 2) {
      return 0;
    }
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (float v : x) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (x.length - 1));
  }

  private static double meanAbsKept(float[] kept) {
    double sum = 0;
    int count = 0;
    for (float v : kept) {
      if (v != 0) {
        sum += Math.abs(v);
        count++;
      }
    }
    return count == 0 ? 0 : sum / count;
  }
}
