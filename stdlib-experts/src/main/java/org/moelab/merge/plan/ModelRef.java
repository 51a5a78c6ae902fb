package org.moelab.merge.plan;

import java.util.Map;

/**
 * One input model and its own parameters.
 *
 * @param path the checkpoint directory or safetensors file, as written in the config
 * @param parameters per-model parameters (weight, density, ...) by name
 */
public record ModelRef(String path, Map<String, ParamSetting> parameters) {
  /** Copies the map. */
  public ModelRef {
    parameters = Map.copyOf(parameters);
  }

  /** A model without parameters. */
  public static ModelRef of(String path) {
    return new ModelRef(path, Map.of());
  }
}
