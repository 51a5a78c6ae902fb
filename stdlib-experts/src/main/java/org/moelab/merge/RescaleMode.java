package org.moelab.merge;

import java.util.Locale;
import java.util.Optional;

/**
 * How a sparsified delta is rescaled when {@code rescale} is on.
 *
 * <p>mergekit matches the L1 norm of the delta before masking; PEFT and FusionBench divide by the
 * density (DARE's 1/p). L1 is the default, for parity with mergekit configs.
 */
public enum RescaleMode {
  /** Multiply by ‖δ‖₁ / ‖m ⊙ δ‖₁ (skipped when either is below 1e-7): mergekit. */
  L1("l1"),
  /** Divide by the keep probability: PEFT's {@code add_weighted_adapter} and FusionBench. */
  DENSITY("density");

  private final String configName;

  RescaleMode(String configName) {
    this.configName = configName;
  }

  /** The name used in configs and the language. */
  public String configName() {
    return configName;
  }

  /** Looks up a config name. */
  public static Optional<RescaleMode> fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (RescaleMode r : values()) {
      if (r.configName.equals(n)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
