package org.moelab.merge.delta;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The task-vector edits that also run on checkpoints, with their inputs' names as the language spells them. */
public enum EditMethod {
  /** CaPE: base + α·(expert − anti_expert) ({@link DeltaEdits#cape}). */
  CAPE("cape", List.of("base", "expert", "anti_expert"), "alpha"),
  /** A model patch: target_base + scale·(model − source_base) ({@link DeltaEdits#patch}). */
  MODEL_PATCH("model_patch", List.of("model", "source_base", "target_base"), "scale"),
  /** ComPEFT of model (− base) ({@link ComPeftTensor}). */
  COMPEFT("compeft", List.of("model", "base"), "alpha"),
  /** Delta-CoMe-style compression of each 2-D task vector ({@link DeltaCoMe}). */
  DELTA_COME("delta_come", List.of("model", "base"), null);

  private final String functionName;
  private final List<String> roles;
  private final String factor;

  EditMethod(String functionName, List<String> roles, String factor) {
    this.functionName = functionName;
    this.roles = roles;
    this.factor = factor;
  }

  /** The language function. */
  public String functionName() {
    return functionName;
  }

  /** The inputs' parameter names, in order; the last of compeft's and delta_come's (base) is optional. */
  public List<String> roles() {
    return roles;
  }

  /** Whether {@code count} inputs are right: 3 for cape and model_patch, 1 or 2 (with a base) otherwise. */
  public boolean takes(int count) {
    return this == CAPE || this == MODEL_PATCH ? count == 3 : count == 1 || count == 2;
  }

  /**
   * The input that is edited, of {@code count}: the base of cape, the target base of model_patch,
   * the base of compeft and delta_come when given (else the model). Its tensor names and order,
   * integer tensors, default dtypes and config files make the output's.
   */
  public int primary(int count) {
    return switch (this) {
      case CAPE -> 0;
      case MODEL_PATCH -> 2;
      case COMPEFT, DELTA_COME -> count - 1;
    };
  }

  /** The scalar parameter: {@code alpha} (cape, compeft), {@code scale} (model_patch), or null (delta_come). */
  public String factor() {
    return factor;
  }

  /** The method whose language function is {@code name}. */
  public static Optional<EditMethod> fromFunctionName(String name) {
    return Arrays.stream(values()).filter(m -> m.functionName.equals(name)).findFirst();
  }
}
