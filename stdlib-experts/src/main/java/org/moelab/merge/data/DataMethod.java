package org.moelab.merge.data;

import java.util.Arrays;
import java.util.Optional;

/** The data-aware merges that run on checkpoints, with the words their messages use. */
public enum DataMethod {
  /** Fisher merging: one diagonal Fisher per model, shaped like the model ({@link FisherMerge}). */
  FISHER("fisher_merge", "Fisher", "fishers", "fisher_floor"),
  /** RegMean: one Gram [in, in] per model for each linear weight [out, in] ({@link RegMean}). */
  REGMEAN("regmean", "Gram", "grams", "alpha");

  private final String functionName;
  private final String statistic;
  private final String argument;
  private final String parameter;

  DataMethod(String functionName, String statistic, String argument, String parameter) {
    this.functionName = functionName;
    this.statistic = statistic;
    this.argument = argument;
    this.parameter = parameter;
  }

  /** The language function: {@code fisher_merge} or {@code regmean}. */
  public String functionName() {
    return functionName;
  }

  /** What one model's statistics file holds: "Fisher" or "Gram". */
  public String statistic() {
    return statistic;
  }

  /** The argument that lists the statistics: {@code fishers} or {@code grams}. */
  public String argument() {
    return argument;
  }

  /** The method's one scalar parameter: {@code fisher_floor} or {@code alpha}. */
  public String parameter() {
    return parameter;
  }

  /** The method whose language function is {@code name}. */
  public static Optional<DataMethod> fromFunctionName(String name) {
    return Arrays.stream(values()).filter(m -> m.functionName.equals(name)).findFirst();
  }
}
