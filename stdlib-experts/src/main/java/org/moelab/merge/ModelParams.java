package org.moelab.merge;

/**
 * One model's parameters for one tensor (mergekit's {@code tensor_parameters}), already resolved.
 *
 * @param weight the model's weight (mergekit requires it for linear and task arithmetic; 1 here)
 * @param density the fraction of the task vector kept (1 keeps all)
 * @param gamma breadcrumbs: the fraction of largest magnitudes dropped (mergekit default 0.01)
 * @param epsilon della: half the spread of keep probabilities around density (default 0.15)
 * @param scale passthrough: a factor applied to the copied tensor (1 leaves it)
 */
public record ModelParams(double weight, double density, double gamma, double epsilon, double scale) {
  /** mergekit's defaults: weight 1, density 1, gamma 0.01, epsilon 0.15, scale 1. */
  public static final ModelParams DEFAULT = new ModelParams(1.0, 1.0, 0.01, 0.15, 1.0);

  /** Defaults with {@code weight} set. */
  public static ModelParams weighted(double weight) {
    return DEFAULT.withWeight(weight);
  }

  /** A copy with {@code weight} changed. */
  public ModelParams withWeight(double value) {
    return new ModelParams(value, density, gamma, epsilon, scale);
  }

  /** A copy with {@code density} changed. */
  public ModelParams withDensity(double value) {
    return new ModelParams(weight, value, gamma, epsilon, scale);
  }

  /** A copy with {@code gamma} changed. */
  public ModelParams withGamma(double value) {
    return new ModelParams(weight, density, value, epsilon, scale);
  }

  /** A copy with {@code epsilon} changed. */
  public ModelParams withEpsilon(double value) {
    return new ModelParams(weight, density, gamma, value, scale);
  }

  /** A copy with {@code scale} changed. */
  public ModelParams withScale(double value) {
    return new ModelParams(weight, density, gamma, epsilon, value);
  }
}
