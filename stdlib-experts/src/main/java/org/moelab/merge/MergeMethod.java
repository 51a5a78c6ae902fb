package org.moelab.merge;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The merge methods, named as mergekit names them, with mergekit's defaults.
 *
 * <p>The task-arithmetic family shares one algorithm ({@link TaskArithmetic}) and differs in
 * sparsification, sign consensus and the defaults of {@code normalize} and {@code rescale}, as in
 * mergekit's registry.
 */
public enum MergeMethod {
  LINEAR("linear", Sparsification.NONE, false, true, false, Base.NONE),
  TASK_ARITHMETIC("task_arithmetic", Sparsification.NONE, false, false, false, Base.REQUIRED),
  TIES("ties", Sparsification.MAGNITUDE, true, true, false, Base.REQUIRED),
  DARE_LINEAR("dare_linear", Sparsification.RANDOM, false, false, true, Base.REQUIRED),
  DARE_TIES("dare_ties", Sparsification.RANDOM, true, false, true, Base.REQUIRED),
  BREADCRUMBS("breadcrumbs", Sparsification.MAGNITUDE_OUTLIERS, false, false, false, Base.REQUIRED),
  BREADCRUMBS_TIES("breadcrumbs_ties", Sparsification.MAGNITUDE_OUTLIERS, true, false, false, Base.REQUIRED),
  DELLA("della", Sparsification.DELLA_MAGPRUNE, true, true, true, Base.REQUIRED),
  DELLA_LINEAR("della_linear", Sparsification.DELLA_MAGPRUNE, false, false, true, Base.REQUIRED),
  MODEL_STOCK("model_stock", Sparsification.NONE, false, false, false, Base.REQUIRED),
  SLERP("slerp", Sparsification.NONE, false, false, false, Base.REQUIRED),
  NUSLERP("nuslerp", Sparsification.NONE, false, false, false, Base.OPTIONAL),
  KARCHER("karcher", Sparsification.NONE, false, false, false, Base.OPTIONAL),
  PASSTHROUGH("passthrough", Sparsification.NONE, false, false, false, Base.NONE);

  /** Whether a method needs a base model. */
  public enum Base { REQUIRED, OPTIONAL, NONE }

  private final String configName;
  private final Sparsification sparsification;
  private final boolean consensus;
  private final boolean defaultNormalize;
  private final boolean defaultRescale;
  private final Base base;

  MergeMethod(String configName, Sparsification sparsification, boolean consensus,
      boolean defaultNormalize, boolean defaultRescale, Base base) {
    this.configName = configName;
    this.sparsification = sparsification;
    this.consensus = consensus;
    this.defaultNormalize = defaultNormalize;
    this.defaultRescale = defaultRescale;
    this.base = base;
  }

  /** mergekit's {@code merge_method} name. */
  public String configName() {
    return configName;
  }

  /** How task vectors are sparsified (task-arithmetic family only). */
  public Sparsification sparsification() {
    return sparsification;
  }

  /** Whether the method elects a sign per element and drops disagreeing deltas. */
  public boolean consensus() {
    return consensus;
  }

  /** mergekit's default for {@code normalize}. */
  public boolean defaultNormalize() {
    return defaultNormalize;
  }

  /** mergekit's default for {@code rescale}. */
  public boolean defaultRescale() {
    return defaultRescale;
  }

  /** Whether the method needs a base model. */
  public Base base() {
    return base;
  }

  /** True for the methods that add (sparsified) task vectors to a base. */
  public boolean isTaskArithmetic() {
    return base == Base.REQUIRED && this != MODEL_STOCK && this != SLERP;
  }

  /** True for methods whose result depends on the seed. */
  public boolean isRandom() {
    return sparsification == Sparsification.RANDOM || sparsification == Sparsification.DELLA_MAGPRUNE;
  }

  /** The per-model parameters the method reads (mergekit's {@code tensor_parameters}). */
  public List<String> modelParameters() {
    if (isTaskArithmetic()) {
      return switch (sparsification) {
        case MAGNITUDE_OUTLIERS -> List.of("weight", "density", "gamma");
        case DELLA_MAGPRUNE -> List.of("weight", "density", "epsilon");
        default -> List.of("weight", "density");
      };
    }
    return switch (this) {
      case LINEAR, NUSLERP -> List.of("weight");
      case PASSTHROUGH -> List.of("scale");
      default -> List.of();
    };
  }

  /** The global parameters the method reads (mergekit's {@code parameters}, plus our options). */
  public List<String> globalParameters() {
    if (isTaskArithmetic()) {
      return isRandom()
          ? List.of("normalize", "rescale", "lambda", "int8_mask", "rescale_mode", "sign_election", "seed")
          : List.of("normalize", "rescale", "lambda", "int8_mask", "rescale_mode", "sign_election");
    }
    return switch (this) {
      case LINEAR -> List.of("normalize");
      case MODEL_STOCK -> List.of("filter_wise");
      case SLERP -> List.of("t");
      case NUSLERP -> List.of("nuslerp_row_wise", "nuslerp_flatten");
      case KARCHER -> List.of("max_iter", "tol");
      default -> List.of();
    };
  }

  /** Looks up a mergekit method name. */
  public static Optional<MergeMethod> fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.configName.equals(n)).findFirst();
  }

  /** All method names, for error messages. */
  public static String names() {
    return Arrays.stream(values()).map(MergeMethod::configName).collect(Collectors.joining(", "));
  }
}
