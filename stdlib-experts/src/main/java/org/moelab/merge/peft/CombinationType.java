package org.moelab.merge.peft;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * PEFT's {@code add_weighted_adapter} combination types. The task-arithmetic ones combine A and B
 * separately ({@link Form#FACTORS}), {@code cat} stacks ranks, the {@code *_svd} ones combine the
 * full ΔW and truncate it by SVD.
 */
public enum CombinationType {
  LINEAR("linear", Form.FACTORS, Rule.SUM, Prune.NONE),
  CAT("cat", Form.CONCAT, Rule.SUM, Prune.NONE),
  SVD("svd", Form.SVD, Rule.SUM, Prune.NONE),
  TIES("ties", Form.FACTORS, Rule.DISJOINT, Prune.MAGNITUDE),
  TIES_SVD("ties_svd", Form.SVD, Rule.DISJOINT, Prune.MAGNITUDE),
  DARE_LINEAR("dare_linear", Form.FACTORS, Rule.SUM, Prune.RANDOM),
  DARE_TIES("dare_ties", Form.FACTORS, Rule.DISJOINT, Prune.RANDOM),
  DARE_LINEAR_SVD("dare_linear_svd", Form.SVD, Rule.SUM, Prune.RANDOM),
  DARE_TIES_SVD("dare_ties_svd", Form.SVD, Rule.DISJOINT, Prune.RANDOM),
  MAGNITUDE_PRUNE("magnitude_prune", Form.FACTORS, Rule.SUM, Prune.MAGNITUDE),
  MAGNITUDE_PRUNE_SVD("magnitude_prune_svd", Form.SVD, Rule.SUM, Prune.MAGNITUDE);

  /** What is combined: A and B separately, stacked ranks, or the full ΔW then SVD. */
  public enum Form { FACTORS, CONCAT, SVD }

  /** How pruned tensors are combined: a weighted sum, or TIES' sign-elected disjoint mean. */
  public enum Rule { SUM, DISJOINT }

  /** How each tensor is pruned first. */
  public enum Prune { NONE, MAGNITUDE, RANDOM }

  private final String configName;
  private final Form form;
  private final Rule rule;
  private final Prune prune;

  CombinationType(String configName, Form form, Rule rule, Prune prune) {
    this.configName = configName;
    this.form = form;
    this.rule = rule;
    this.prune = prune;
  }

  /** PEFT's name. */
  public String configName() {
    return configName;
  }

  /** What is combined. */
  public Form form() {
    return form;
  }

  /** How tensors are combined. */
  public Rule rule() {
    return rule;
  }

  /** How tensors are pruned. */
  public Prune prune() {
    return prune;
  }

  /** Whether the type needs {@code density}. */
  public boolean needsDensity() {
    return prune != Prune.NONE;
  }

  /** Looks up PEFT's name. */
  public static Optional<CombinationType> fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.configName.equals(n)).findFirst();
  }

  /** All names, for error messages. */
  public static String names() {
    return Arrays.stream(values()).map(CombinationType::configName).collect(Collectors.joining(", "));
  }
}
