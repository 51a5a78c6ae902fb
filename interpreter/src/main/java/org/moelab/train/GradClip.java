package org.moelab.train;

import java.util.List;

/** Gradient clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_}. */
final class GradClip {
  private GradClip() {}

  /**
   * Scales every gradient by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the L2 norm over all of them;
   * returns ‖g‖ before clipping.
   */
  static double clipGlobalNorm(List<Parameter> params, double maxNorm) {
    double sq = 0;
    for (Parameter p : params) {
      for (double g : p.grad()) {
        sq += g * g;
      }
    }
    double norm = Math.sqrt(sq);
    double coef = Math.min(1.0, maxNorm / (norm + 1e-6));
    if (coef < 1.0) {
      for (Parameter p : params) {
        double[] g = p.grad();
        for (int i = 0; i < g.length; i++) {
          g[i] *= coef;
        }
      }
    }
    return norm;
  }
}
