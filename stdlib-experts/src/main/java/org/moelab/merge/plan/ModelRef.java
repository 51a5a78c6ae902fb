package org.moelab.merge.plan;

import java.util.Map;
import java.util.Objects;
import org.moelab.source.SourceSpan;

/**
 * One input model and its own parameters.
 *
 * @param path the checkpoint directory or safetensors file, as written in the config
 * @param parameters per-model parameters (weight, density, ...) by name
 * @param at where {@code path} is written in the config, or {@link SourceSpan#NONE}
 */
public record ModelRef(String path, Map<String, ParamSetting> parameters, SourceSpan at) {
  /** Copies the map. */
  public ModelRef {
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(at, "at");
  }

  /** A model not read from a config. */
  public ModelRef(String path, Map<String, ParamSetting> parameters) {
    this(path, parameters, SourceSpan.NONE);
  }

  /** A model without parameters. */
  public static ModelRef of(String path) {
    return new ModelRef(path, Map.of());
  }
}
