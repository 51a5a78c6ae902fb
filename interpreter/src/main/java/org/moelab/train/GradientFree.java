package org.moelab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A seeded gradient-free minimiser for a few bounded variables (LoraHub's weight search): a
 * (μ/μ_w, λ) evolution strategy with cumulative step-size adaptation and a diagonal (separable)
 * covariance, that is CMA-ES without the full covariance matrix [Hansen, "The CMA Evolution
 * Strategy: A Tutorial", 2016; Ros &amp; Hansen 2008 for the separable update]. Candidates are
 * clipped to the box; the start point is evaluated first, so the result is never worse than it.
 */
final class GradientFree {
  private final int n;
  private final double lower;
  private final double upper;
  private final SplittableRandom random;
  private final int lambda;
  private final double[] weights;
  private final double muEff;
  private final double cSigma;
  private final double dSigma;
  private final double cDiag;
  private final double chiN;

  /** The best point found and every evaluated value, in evaluation order. */
  record Result(double[] x, double value, List<Double> values) {}

  /** One evaluation, for progress reports. */
  interface Listener {
    void evaluated(int count, double best);
  }

  GradientFree(int n, double lower, double upper, long seed) {
    this.n = n;
    this.lower = lower;
    this.upper = upper;
    this.random = new SplittableRandom(seed);
    this.lambda = 4 + (int) Math.floor(3 * Math.log(n));
    int mu = lambda / 2;
    double[] w = new double[mu];
    double sum = 0;
    for (int i = 0; i < mu; i++) {
      w[i] = Math.log(mu + 0.5) - Math.log(i + 1);
      sum += w[i];
    }
    double sq = 0;
    for (int i = 0; i < mu; i++) {
      w[i] /= sum;
      sq += w[i] * w[i];
    }
    this.weights = w;
    this.muEff = 1 / sq;
    this.cSigma = (muEff + 2) / (n + muEff + 5);
    this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
    double cMu = 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff);
    this.cDiag = Math.min(1, Math.max(0, (n + 2) / 3.0 * cMu));
    this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
  }

  /** Minimises {@code f} from {@code start} with initial step {@code sigma}, using at most {@code budget} evaluations. */
  Result minimize(ToDoubleFunction<double[]> f, double[] start, double sigma, int budget, Listener listener) {
    double[] mean = clip(start);
    double[] diag = new double[n];
    Arrays.fill(diag, 1.0);
    double[] path = new double[n];
    List<Double> values = new ArrayList<>();
    double[] best = mean.clone();
    double bestValue = f.applyAsDouble(mean);
    values.add(bestValue);
    listener.evaluated(1, bestValue);
    double step = sigma;
    while (values.size() < budget) {
      int count = Math.min(lambda, budget - values.size());
      double[][] z = new double[count][n];
      double[][] xs = new double[count][];
      double[] fx = new double[count];
      for (int k = 0; k < count; k++) {
        for (int i = 0; i < n; i++) {
          z[k][i] = random.nextGaussian();
        }
        xs[k] = clip(candidate(mean, diag, step, z[k]));
        fx[k] = f.applyAsDouble(xs[k]);
        values.add(fx[k]);
        if (fx[k] < bestValue) {
          bestValue = fx[k];
          best = xs[k].clone();
        }
        listener.evaluated(values.size(), bestValue);
      }
      if (count < lambda) {
        break;
      }
      Integer[] order = rank(fx);
      double[] zMean = new double[n];
      double[] newMean = new double[n];
      double[] zSquares = new double[n];
      for (int j = 0; j < weights.length; j++) {
        int k = order[j];
        for (int i = 0; i < n; i++) {
          zMean[i] += weights[j] * z[k][i];
          newMean[i] += weights[j] * xs[k][i];
          zSquares[i] += weights[j] * z[k][i] * z[k][i];
        }
      }
      double norm = 0;
      for (int i = 0; i < n; i++) {
        path[i] = (1 - cSigma) * path[i] + Math.sqrt(cSigma * (2 - cSigma) * muEff) * zMean[i];
        norm += path[i] * path[i];
        diag[i] *= Math.sqrt(1 - cDiag + cDiag * zSquares[i]);
      }
      step *= Math.exp(cSigma / dSigma * (Math.sqrt(norm) / chiN - 1));
      mean = newMean;
    }
    return new Result(best, bestValue, List.copyOf(values));
  }

  private double[] candidate(double[] mean, double[] diag, double step, double[] z) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = mean[i] + step * diag[i] * z[i];
    }
    return x;
  }

  private double[] clip(double[] x) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.max(lower, Math.min(upper, x[i]));
    }
    return out;
  }

  private static Integer[] rank(double[] fx) {
    Integer[] order = new Integer[fx.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> fx[i]));
    return order;
  }
}
