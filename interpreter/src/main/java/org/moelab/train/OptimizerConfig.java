package org.moelab.train;

/**
 * An optimizer's kind and hyper-parameters, as written in {@code .moe} ({@code sgd(...)}, {@code
 * adam(...)}, {@code adamw(...)}), with PyTorch's defaults and meanings.
 *
 * @param kind {@code sgd}, {@code adam} or {@code adamw}
 * @param lr the learning rate schedule
 * @param momentum SGD momentum (0 for plain SGD)
 * @param dampening SGD dampening
 * @param nesterov SGD Nesterov momentum
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param eps Adam's denominator term
 * @param weightDecay L2 penalty (SGD, Adam) or decoupled decay (AdamW)
 */
public record OptimizerConfig(String kind, LrSchedule lr, double momentum, double dampening, boolean nesterov,
    double beta1, double beta2, double eps, double weightDecay) {

  /** A fresh optimizer with zero state. */
  Optimizer create() {
    return switch (kind) {
      case "sgd" -> new Sgd(this);
      case "adam" -> new Adam(this, false);
      case "adamw" -> new Adam(this, true);
      default -> throw new IllegalStateException("unknown optimizer " + kind);
    };
  }
}
