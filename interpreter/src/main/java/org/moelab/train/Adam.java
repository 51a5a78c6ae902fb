package org.moelab.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam and AdamW exactly as {@code torch.optim.Adam}/{@code AdamW}: m ← β₁m + (1−β₁)g,
 * v ← β₂v + (1−β₂)g², p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε). Adam adds λp to g first (L2);
 * AdamW multiplies p by (1 − lr·λ) first (decoupled weight decay). The step count t is kept per
 * parameter, as torch keeps {@code state["step"]}.
 */
final class Adam implements Optimizer {
  private final OptimizerConfig c;
  private final boolean decoupled;
  private final Map<String, double[][]> moments = new HashMap<>();
  private final Map<String, long[]> steps = new HashMap<>();

  Adam(OptimizerConfig c, boolean decoupled) {
    this.c = c;
    this.decoupled = decoupled;
  }

  @Override
  public void step(List<Parameter> params, double lr, double weightDecay) {
    for (Parameter p : params) {
      long t = ++steps.computeIfAbsent(p.name(), k -> new long[1])[0];
      double bc1 = 1 - Math.pow(c.beta1(), t);
      double sqrtBc2 = Math.sqrt(1 - Math.pow(c.beta2(), t));
      double stepSize = lr / bc1;
      double[] w = p.value();
      double[] g = p.grad();
      double[][] mv = moments.computeIfAbsent(p.name(), k -> new double[][] {new double[w.length], new double[w.length]});
      double[] m = mv[0];
      double[] v = mv[1];
      for (int i = 0; i < w.length; i++) {
        double d = g[i];
        if (decoupled) {
          w[i] *= 1 - lr * weightDecay;
        } else {
          d += weightDecay * w[i];
        }
        m[i] = c.beta1() * m[i] + (1 - c.beta1()) * d;
        v[i] = c.beta2() * v[i] + (1 - c.beta2()) * d * d;
        w[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtBc2 + c.eps());
      }
      p.roundToDtype();
    }
  }
}
