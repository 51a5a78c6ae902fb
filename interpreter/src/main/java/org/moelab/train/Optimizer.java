package org.moelab.train;

import java.util.List;

/**
 * Updates parameters from their gradients, keeping its own state (momenta). One instance per
 * training run; {@link OptimizerConfig#create()} makes one.
 */
interface Optimizer {
  /**
   * One update of {@code params} with learning rate {@code lr} and weight decay
   * {@code weightDecay}; gradients are already set. Training calls it once per parameter group.
   */
  void step(List<Parameter> params, double lr, double weightDecay);
}
