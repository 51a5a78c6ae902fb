package org.moelab.merge.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.MergeOptions;
import org.moelab.merge.ModelParams;
import org.moelab.merge.RescaleMode;
import org.moelab.merge.SignElection;

/**
 * Resolves parameters for one tensor as mergekit does: a model's own setting first, then the global
 * one, then the method's default; checks their ranges, collecting problems rather than failing.
 */
public final class ParamResolver {
  private final MergeMethod method;
  private final Map<String, ParamSetting> global;
  private final Set<String> problems = new LinkedHashSet<>();

  public ParamResolver(MergeMethod method, Map<String, ParamSetting> global) {
    this.method = method;
    this.global = global;
  }

  /** Problems found so far, each once. */
  public List<String> problems() {
    return new ArrayList<>(problems);
  }

  /** Reports parameters the method does not read, with the closest known name. */
  void checkNames(Map<String, ParamSetting> settings, String where, boolean perModel) {
    List<String> known = new ArrayList<>(method.modelParameters());
    if (!perModel) {
      known.addAll(method.globalParameters());
    }
    for (String name : settings.keySet()) {
      if (!known.contains(name)) {
        problems.add(where + ": '" + name + "' is not a parameter of " + method.configName() + "; it takes "
            + (known.isEmpty() ? "no parameters" : String.join(", ", known)) + ".");
      }
    }
  }

  /** One model's parameters for {@code tensor} at depth {@code t}. */
  public ModelParams model(Map<String, ParamSetting> own, String tensor, double t, String modelName) {
    ModelParams d = ModelParams.DEFAULT;
    ModelParams p = new ModelParams(
        number(own, "weight", tensor, t, d.weight()), number(own, "density", tensor, t, d.density()),
        number(own, "gamma", tensor, t, d.gamma()), number(own, "epsilon", tensor, t, d.epsilon()),
        number(own, "scale", tensor, t, d.scale()));
    checkModel(p, modelName, tensor);
    return p;
  }

  private void checkModel(ModelParams p, String model, String tensor) {
    String at = "model " + model + ", tensor " + tensor + ": ";
    if (!Double.isFinite(p.weight())) {
      problems.add(at + "weight " + p.weight() + " is not a finite number.");
    }
    if (p.density() < 0 || p.density() > 1 || Double.isNaN(p.density())) {
      problems.add(at + "density " + p.density() + " is outside [0, 1]; density is the fraction of the delta kept.");
    }
    if (p.gamma() < 0 || p.gamma() > 1) {
      problems.add(at + "gamma " + p.gamma() + " is outside [0, 1]; gamma is the fraction of largest magnitudes dropped.");
    }
    boolean della = method == MergeMethod.DELLA || method == MergeMethod.DELLA_LINEAR;
    if (della && p.density() < 1 && p.density() > 0
        && (p.density() - p.epsilon() <= 0 || p.density() + p.epsilon() >= 1)) {
      problems.add(at + "density ± epsilon = " + p.density() + " ± " + p.epsilon()
          + " leaves (0, 1); choose epsilon below " + Math.min(p.density(), 1 - p.density()) + ".");
    }
  }

  /** The method options for {@code tensor} at depth {@code t}. */
  public MergeOptions options(String tensor, double t) {
    MergeOptions d = MergeOptions.defaults(method);
    MergeOptions o = new MergeOptions(
        bool("normalize", tensor, t, d.normalize()), bool("rescale", tensor, t, d.rescale()),
        number(Map.of(), "lambda", tensor, t, d.lambda()), number(Map.of(), "t", tensor, t, d.t()),
        bool("filter_wise", tensor, t, d.filterWise()), rescaleMode(tensor, t), signElection(tensor, t),
        (long) number(Map.of(), "seed", tensor, t, d.seed()),
        bool("nuslerp_row_wise", tensor, t, d.nuslerpRowWise()), bool("nuslerp_flatten", tensor, t, d.nuslerpFlatten()),
        (int) number(Map.of(), "max_iter", tensor, t, d.maxIter()), number(Map.of(), "tol", tensor, t, d.tol()));
    if (method == MergeMethod.SLERP && !global.containsKey("t")) {
      problems.add("slerp needs the parameter t (0 gives the base model, 1 the other); add 'parameters: {t: 0.5}'.");
    }
    if (o.t() < 0 || o.t() > 1) {
      problems.add("tensor " + tensor + ": t = " + o.t() + " is outside [0, 1].");
    }
    return o;
  }

  private RescaleMode rescaleMode(String tensor, double t) {
    Object v = value(Map.of(), "rescale_mode", tensor, t);
    if (v == null) {
      return RescaleMode.L1;
    }
    return RescaleMode.fromName(v.toString()).orElseGet(() -> {
      problems.add("rescale_mode '" + v + "' is unknown; use l1 (mergekit) or density (PEFT).");
      return RescaleMode.L1;
    });
  }

  private SignElection signElection(String tensor, double t) {
    Object v = value(Map.of(), "sign_election", tensor, t);
    if (v == null) {
      return SignElection.WEIGHTED_SUM;
    }
    return SignElection.fromName(v.toString()).orElseGet(() -> {
      problems.add("sign_election '" + v + "' is unknown; use sum (mergekit), unweighted_sum (TIES paper) or count.");
      return SignElection.WEIGHTED_SUM;
    });
  }

  private boolean bool(String name, String tensor, double t, boolean fallback) {
    Object v = value(Map.of(), name, tensor, t);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    problems.add("parameter " + name + " must be true or false, got '" + v + "'.");
    return fallback;
  }

  private double number(Map<String, ParamSetting> own, String name, String tensor, double t, double fallback) {
    Object v = value(own, name, tensor, t);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    problems.add("parameter " + name + " must be a number, got '" + v + "'.");
    return fallback;
  }

  private Object value(Map<String, ParamSetting> own, String name, String tensor, double t) {
    ParamSetting s = own.get(name);
    Object v = s == null ? null : s.evaluate(tensor, t);
    if (v != null) {
      return v;
    }
    ParamSetting g = global.get(name);
    return g == null ? null : g.evaluate(tensor, t);
  }
}
