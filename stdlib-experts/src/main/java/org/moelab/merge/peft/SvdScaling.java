package org.moelab.merge.peft;

import java.util.Locale;
import java.util.Optional;

/**
 * How the {@code *_svd} types apply each adapter's scaling s = α/r. PEFT multiplies the weight by s
 * and also takes ΔW from {@code get_delta_weight}, which already includes s: the adapter enters as
 * w·s²·B A. {@link #ONCE} uses w·s·B A, which matches {@code linear} and {@code cat}. The two agree
 * when α = r.
 */
public enum SvdScaling {
  /** w·s·(s·B A), exactly as PEFT computes (the default, for parity). */
  PEFT("peft"),
  /** w·s·B A: each adapter's own ΔW, weighted once. */
  ONCE("once");

  private final String configName;

  SvdScaling(String configName) {
    this.configName = configName;
  }

  /** The name used in the language. */
  public String configName() {
    return configName;
  }

  /** Looks up a name. */
  public static Optional<SvdScaling> fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (SvdScaling s : values()) {
      if (s.configName.equals(n)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
