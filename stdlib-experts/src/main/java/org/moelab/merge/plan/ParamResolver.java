package org.moelab.merge.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.MergeOptions;
import org.moelab.merge.ModelParams;
import org.moelab.merge.RescaleMode;
import org.moelab.merge.SignElection;
import org.moelab.runtime.Suggest;
import org.moelab.source.SourceSpan;

/**
 * Resolves parameters for one tensor as mergekit does: a model's own setting first, then the global
 * one, then the method's default; checks their ranges, collecting problems rather than failing. A
 * problem with a value read from a config points at the setting that gave it and is reported once
 * for that place, however many tensors it affects.
 */
public final class ParamResolver {
  private final MergeMethod method;
  private final Map<String, ParamSetting> global;
  private final Map<String, PlanProblem> problems = new LinkedHashMap<>();

  /** Resolves parameters for {@code method} with the global settings {@code global}. */
  public ParamResolver(MergeMethod method, Map<String, ParamSetting> global) {
    this.method = method;
    this.global = global;
  }

  /** Problems found so far, each once, as sentences (led by {@code file:line:col: } when placed). */
  public List<String> problems() {
    return planProblems().stream().map(PlanProblem::toString).toList();
  }

  /** Problems found so far, each once, with codes and positions. */
  public List<PlanProblem> planProblems() {
    return List.copyOf(problems.values());
  }

  /** Reports parameters the method does not read, with the closest known name, at the name. */
  void checkNames(Map<String, ParamSetting> settings, String where, boolean perModel) {
    List<String> known = new ArrayList<>(method.modelParameters());
    if (!perModel) {
      known.addAll(method.globalParameters());
    }
    settings.forEach((name, setting) -> {
      if (!known.contains(name)) {
        String guess = Suggest.closest(name, known).map(k -> " Did you mean '" + k + "'?").orElse("");
        add(PlanProblem.NAME, "name " + name, where + ": '" + name + "' is not a parameter of " + method.configName()
            + "; it takes " + (known.isEmpty() ? "no parameters" : String.join(", ", known)) + "." + guess,
            setting.nameAt());
      }
    });
  }

  /** One model's parameters for {@code tensor} at depth {@code t}. */
  public ModelParams model(Map<String, ParamSetting> own, String tensor, double t, String modelName) {
    ModelParams d = ModelParams.DEFAULT;
    Resolved weight = number(own, "weight", tensor, t, d.weight());
    Resolved density = number(own, "density", tensor, t, d.density());
    Resolved gamma = number(own, "gamma", tensor, t, d.gamma());
    Resolved epsilon = number(own, "epsilon", tensor, t, d.epsilon());
    Resolved scale = number(own, "scale", tensor, t, d.scale());
    String at = "model " + modelName + ", tensor " + tensor + ": ";
    checkWeights(at, weight, density, gamma);
    checkEpsilon(at, density, epsilon);
    return new ModelParams(weight.number(), density.number(), gamma.number(), epsilon.number(), scale.number());
  }

  private void checkWeights(String at, Resolved weight, Resolved density, Resolved gamma) {
    if (!Double.isFinite(weight.number())) {
      add(PlanProblem.RANGE, "weight", at + "weight " + weight.number() + " is not a finite number; give a number.",
          weight.at());
    }
    double p = density.number();
    if (p < 0 || p > 1 || Double.isNaN(p)) {
      add(PlanProblem.RANGE, "density", at + "density " + p
          + " is outside [0, 1]; density is the fraction of the delta kept.", density.at());
    }
    if (gamma.number() < 0 || gamma.number() > 1) {
      add(PlanProblem.RANGE, "gamma", at + "gamma " + gamma.number()
          + " is outside [0, 1]; gamma is the fraction of largest magnitudes dropped.", gamma.at());
    }
  }

  private void checkEpsilon(String at, Resolved density, Resolved epsilon) {
    boolean della = method == MergeMethod.DELLA || method == MergeMethod.DELLA_LINEAR;
    double p = density.number();
    double e = epsilon.number();
    if (della && p < 1 && p > 0 && (p - e <= 0 || p + e >= 1)) {
      SourceSpan where = epsilon.at().equals(SourceSpan.NONE) ? density.at() : epsilon.at();
      add(PlanProblem.RANGE, "epsilon", at + "density ± epsilon = " + p + " ± " + e
          + " leaves (0, 1); choose epsilon below " + Math.min(p, 1 - p) + ".", where);
    }
  }

  /** The method options for {@code tensor} at depth {@code t}. */
  public MergeOptions options(String tensor, double t) {
    MergeOptions d = MergeOptions.defaults(method);
    Resolved share = number(Map.of(), "t", tensor, t, d.t());
    MergeOptions o = new MergeOptions(
        bool("normalize", tensor, t, d.normalize()), bool("rescale", tensor, t, d.rescale()),
        number(Map.of(), "lambda", tensor, t, d.lambda()).number(), share.number(),
        bool("filter_wise", tensor, t, d.filterWise()), rescaleMode(tensor, t), signElection(tensor, t),
        (long) number(Map.of(), "seed", tensor, t, d.seed()).number(),
        bool("nuslerp_row_wise", tensor, t, d.nuslerpRowWise()), bool("nuslerp_flatten", tensor, t, d.nuslerpFlatten()),
        (int) number(Map.of(), "max_iter", tensor, t, d.maxIter()).number(),
        number(Map.of(), "tol", tensor, t, d.tol()).number());
    if (method == MergeMethod.SLERP && !global.containsKey("t")) {
      add(PlanProblem.STRUCTURE, "t missing",
          "slerp needs the parameter t (0 gives the base model, 1 the other); add 'parameters: {t: 0.5}'.",
          SourceSpan.NONE);
    }
    if (o.t() < 0 || o.t() > 1) {
      add(PlanProblem.RANGE, "t", "tensor " + tensor + ": t = " + o.t()
          + " is outside [0, 1]; 0 gives the base model, 1 the other.", share.at());
    }
    return o;
  }

  private RescaleMode rescaleMode(String tensor, double t) {
    Resolved v = value(Map.of(), "rescale_mode", tensor, t);
    if (v == null) {
      return RescaleMode.L1;
    }
    return RescaleMode.fromName(v.value().toString()).orElseGet(() -> {
      add(PlanProblem.NAME, "rescale_mode", "rescale_mode '" + v.value()
          + "' is unknown; use l1 (mergekit) or density (PEFT).", v.at());
      return RescaleMode.L1;
    });
  }

  private SignElection signElection(String tensor, double t) {
    Resolved v = value(Map.of(), "sign_election", tensor, t);
    if (v == null) {
      return SignElection.WEIGHTED_SUM;
    }
    return SignElection.fromName(v.value().toString()).orElseGet(() -> {
      add(PlanProblem.NAME, "sign_election", "sign_election '" + v.value()
          + "' is unknown; use sum (mergekit), unweighted_sum (TIES paper) or count.", v.at());
      return SignElection.WEIGHTED_SUM;
    });
  }

  private boolean bool(String name, String tensor, double t, boolean fallback) {
    Resolved v = value(Map.of(), name, tensor, t);
    if (v == null) {
      return fallback;
    }
    if (v.value() instanceof Boolean b) {
      return b;
    }
    if (v.value() instanceof Number n) {
      return n.doubleValue() != 0;
    }
    add(PlanProblem.STRUCTURE, "type " + name, "parameter " + name + " must be true or false, got '" + v.value() + "'.",
        v.at());
    return fallback;
  }

  private Resolved number(Map<String, ParamSetting> own, String name, String tensor, double t, double fallback) {
    Resolved v = value(own, name, tensor, t);
    if (v == null) {
      return new Resolved(fallback, SourceSpan.NONE);
    }
    if (v.value() instanceof Number n) {
      return new Resolved(n.doubleValue(), v.at());
    }
    add(PlanProblem.STRUCTURE, "type " + name, "parameter " + name + " must be a number, got '" + v.value() + "'.",
        v.at());
    return new Resolved(fallback, SourceSpan.NONE);
  }

  private Resolved value(Map<String, ParamSetting> own, String name, String tensor, double t) {
    Resolved mine = resolve(own.get(name), tensor, t);
    return mine != null ? mine : resolve(global.get(name), tensor, t);
  }

  private static Resolved resolve(ParamSetting setting, String tensor, double t) {
    ParamSetting chosen = setting == null ? null : setting.select(tensor);
    Object v = chosen == null ? null : chosen.evaluate(tensor, t);
    return v == null ? null : new Resolved(v, chosen.at());
  }

  /**
   * Records a problem: one with a position once per kind and place (a setting applies to many
   * tensors), one without once per message.
   */
  private void add(String code, String kind, String message, SourceSpan at) {
    String key = at.equals(SourceSpan.NONE) ? message : kind + " @ " + at;
    problems.putIfAbsent(key, new PlanProblem(code, message, at));
  }

  /** A resolved value and the place of the setting that gave it ({@link SourceSpan#NONE} for defaults). */
  private record Resolved(Object value, SourceSpan at) {
    double number() {
      return ((Number) value).doubleValue();
    }
  }
}
