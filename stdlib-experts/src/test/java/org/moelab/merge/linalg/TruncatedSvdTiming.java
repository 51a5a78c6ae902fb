package org.moelab.merge.linalg;

import java.util.Random;

/**
 * Timing harness for {@link TruncatedSvd} on dense matrices with realistic spectra (not a test):
 * {@code java -cp target/classes:target/test-classes org.moelab.merge.linalg.TruncatedSvdTiming 1024,2048 16,64,98}.
 * Prints, per size, spectrum and k, the wall time, the largest value and the worst relative residual
 * ‖M vᵢ − σᵢ uᵢ‖ / σ₁ over the k triplets.
 */
public final class TruncatedSvdTiming {
  private TruncatedSvdTiming() {}

  /** Arguments: comma-separated sizes (n or RxC), comma-separated ranks, optionally "lora" or "gauss" only. */
  public static void main(String[] args) {
    String kinds = args.length > 2 ? args[2] : "lora,gauss";
    for (String size : args[0].split(",")) {
      String[] shape = size.split("x");
      int n = Integer.parseInt(shape[0]);
      int cols = shape.length > 1 ? Integer.parseInt(shape[1]) : n;
      for (String kind : kinds.split(",")) {
        Matrix m = kind.equals("lora") ? sparsifiedLora(n, cols, new Random(1)) : gaussian(n, cols, new Random(2));
        for (String rank : args[1].split(",")) {
          int k = Integer.parseInt(rank);
          long t0 = System.nanoTime();
          TruncatedSvd svd = TruncatedSvd.of(LinearMap.dense(m), k);
          double seconds = (System.nanoTime() - t0) / 1e9;
          System.out.printf("%s %dx%d k=%d: %.2f s, sigma1 %.6g, sigma_k %.6g, residual %.2e%n", kind, n, cols, k,
              seconds, svd.s()[0], svd.s()[k - 1], residual(m, svd));
        }
      }
    }
  }

  /** A TIES/DARE-like task vector: three rank-16 LoRA products summed, half the entries zeroed, plus small noise. */
  static Matrix sparsifiedLora(int rows, int cols, Random random) {
    double[] sum = new double[rows * cols];
    for (int a = 0; a < 3; a++) {
      Matrix b = gaussian(rows, 16, random, 1);
      Matrix lora = gaussian(16, cols, random, 1);
      double[] p = b.times(lora).v();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += p[i];
      }
    }
    float[] out = new float[sum.length];
    for (int i = 0; i < out.length; i++) {
      double kept = random.nextBoolean() ? 2 * sum[i] : 0;
      out[i] = (float) (kept * 1e-3 + 1e-4 * random.nextGaussian());
    }
    return Matrix.ofFloats(rows, cols, out);
  }

  /** A Gaussian-like task vector (flat spectrum), f32 values. */
  static Matrix gaussian(int rows, int cols, Random random) {
    return gaussian(rows, cols, random, 0.01);
  }

  /** Gaussian entries of standard deviation {@code scale}, f32 values. */
  static Matrix gaussian(int rows, int cols, Random random, double scale) {
    float[] out = new float[rows * cols];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (scale * random.nextGaussian());
    }
    return Matrix.ofFloats(rows, cols, out);
  }

  /** max over i of ‖M vᵢ − σᵢ uᵢ‖ / σ₁. */
  static double residual(Matrix m, TruncatedSvd svd) {
    int k = svd.s().length;
    double worst = 0;
    for (int c = 0; c < k; c++) {
      double sum = 0;
      for (int i = 0; i < m.rows(); i++) {
        double s = 0;
        for (int j = 0; j < m.cols(); j++) {
          s += m.v()[i * m.cols() + j] * svd.vh().get(c, j);
        }
        double r = s - svd.s()[c] * svd.u().get(i, c);
        sum += r * r;
      }
      worst = Math.max(worst, Math.sqrt(sum) / svd.s()[0]);
    }
    return worst;
  }
}
