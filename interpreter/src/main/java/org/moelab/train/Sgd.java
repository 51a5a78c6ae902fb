package org.moelab.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent exactly as {@code torch.optim.SGD}: g ← g + λp; with momentum μ,
 * b ← g on the first step and b ← μb + (1 − τ)g after; g ← g + μb (Nesterov) or g ← b; p ← p − lr·g.
 */
final class Sgd implements Optimizer {
  private final OptimizerConfig c;
  private final Map<String, double[]> buffers = new HashMap<>();

  Sgd(OptimizerConfig c) {
    this.c = c;
  }

  @Override
  public void step(List<Parameter> params, double lr, double weightDecay) {
    for (Parameter p : params) {
      double[] w = p.value();
      double[] g = p.grad();
      double[] buf = buffers.get(p.name());
      boolean first = buf == null;
      if (first && c.momentum() != 0) {
        buf = new double[w.length];
        buffers.put(p.name(), buf);
      }
      for (int i = 0; i < w.length; i++) {
        double d = g[i] + weightDecay * w[i];
        if (c.momentum() != 0) {
          buf[i] = first ? d : c.momentum() * buf[i] + (1 - c.dampening()) * d;
          d = c.nesterov() ? d + c.momentum() * buf[i] : buf[i];
        }
        w[i] -= lr * d;
      }
      p.roundToDtype();
    }
  }
}
