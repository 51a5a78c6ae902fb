package org.moelab.merge;

import java.util.Locale;
import java.util.Optional;

/**
 * How the sign-consensus methods elect each element's sign.
 *
 * <p>mergekit elects on the weighted deltas {@code w_i δ_i} (sum); the TIES paper elects on the
 * trimmed task vectors before weighting. With all weights equal and positive the two agree.
 */
public enum SignElection {
  /** sign(Σ w_i δ_i), agreement judged on w_i δ_i: mergekit's {@code sum}, the default. */
  WEIGHTED_SUM("sum"),
  /** sign(Σ δ_i), agreement judged on δ_i: the TIES paper's election on unweighted trimmed deltas. */
  UNWEIGHTED_SUM("unweighted_sum"),
  /** sign(Σ sign(w_i δ_i)): mergekit's {@code count}, a majority vote. */
  COUNT("count");

  private final String configName;

  SignElection(String configName) {
    this.configName = configName;
  }

  /** The name used in configs and the language. */
  public String configName() {
    return configName;
  }

  /** Looks up a config name. */
  public static Optional<SignElection> fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (SignElection s : values()) {
      if (s.configName.equals(n)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
