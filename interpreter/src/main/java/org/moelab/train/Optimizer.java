package org.moelab.train;

import java.util.List;

/**
 * Updates parameters from their gradients, keeping its own state (momenta). One instance per
 * training run; {@link OptimizerConfig#create()} makes one.
 */
interface Optimizer {
  /** One update of every parameter with learning rate {@code lr}; gradients are already set. */
  void step(List<Parameter> params, double lr);
}
