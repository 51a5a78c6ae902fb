package org.moelab.merge.peft;

import java.util.Locale;
import java.util.Optional;

/** PEFT's {@code majority_sign_method}: elect each element's sign by the sum of values or of signs. */
public enum MajoritySign {
  /** sign(Σ_i t_i) over the pruned, unweighted tensors (PEFT's default). */
  TOTAL("total"),
  /** sign(Σ_i sign(t_i)): a majority vote. */
  FREQUENCY("frequency");

  private final String configName;

  MajoritySign(String configName) {
    this.configName = configName;
  }

  /** PEFT's name. */
  public String configName() {
    return configName;
  }

  /** Looks up PEFT's name. */
  public static Optional<MajoritySign> fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (MajoritySign m : values()) {
      if (m.configName.equals(n)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
