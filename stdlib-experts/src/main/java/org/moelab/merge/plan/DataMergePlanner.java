package org.moelab.merge.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.MergeOptions;
import org.moelab.merge.ModelParams;
import org.moelab.merge.data.DataMethod;
import org.moelab.tensor.DType;

/**
 * Checks a {@link DataMergeSpec} against the headers of its models and statistics checkpoints and
 * builds the {@link DataMergePlan}; reads no tensor data. Every problem is collected and reported
 * together in a {@link PlanException} (at most 20 of a kind, then a count): arguments (counts,
 * weights, the parameter's range, the dtype), checkpoints that cannot be opened, models that differ
 * in tensor names or shapes, statistics checked by {@link StatisticsCheck}, tensors too large for
 * one buffer, and an output directory overlapping an input.
 */
public final class DataMergePlanner {
  private final DataMergeSpec spec;
  private final PlanInputs inputs = new PlanInputs();
  private final List<String> notes = new ArrayList<>();

  private DataMergePlanner(DataMergeSpec spec) {
    this.spec = spec;
  }

  /** One checkpoint of the spec: its name as given, and its index among the sources (−1: not opened). */
  record Opened(String given, int source) {}

  /** Plans {@code spec}; {@code outDir} (may be null) is checked not to overlap an input. */
  public static DataMergePlan plan(DataMergeSpec spec, Path outDir) {
    DataMergePlanner p = new DataMergePlanner(spec);
    try (p.inputs) {
      return p.build(outDir);
    }
  }

  private DataMergePlan build(Path outDir) {
    DType outDtype = checkArguments();
    List<Opened> models = open(spec.models(), "model");
    List<Opened> stats = open(spec.statistics(), spec.method().statistic() + " checkpoint");
    List<PlannedTensor> tensors = new ArrayList<>();
    Map<String, List<TensorRef>> table = new LinkedHashMap<>();
    TensorSource reference = models.isEmpty() ? null : source(models.get(0));
    if (reference != null) {
      checkModels(models);
      StatisticsCheck check = new StatisticsCheck(this, spec.method(), models.get(0), stats);
      for (String name : reference.names()) {
        PlannedTensor t = tensor(name, reference.info(name), models, outDtype, check, table);
        if (t != null) {
          tensors.add(t);
        }
      }
      check.unknownGrams(reference);
    }
    inputs.finish(outDir, "merge");
    return new DataMergePlan(inputs.plan(tensors, 0, notes), spec.method(), spec.parameter(), table);
  }

  /** Checks the counts, weights, parameter and dtype; returns the output dtype (null: each tensor's own). */
  private DType checkArguments() {
    DataMethod m = spec.method();
    int n = spec.models().size();
    if (n == 0) {
      report(PlanProblem.STRUCTURE, m.functionName() + " needs at least one model.");
    }
    if (spec.statistics().size() != n) {
      report(PlanProblem.RANGE, m.functionName() + " got " + n + " models and " + spec.statistics().size() + " "
          + m.statistic() + " checkpoints; give one per model, in the same order.");
    }
    if (!spec.weights().isEmpty() && spec.weights().size() != n) {
      report(PlanProblem.RANGE, m.functionName() + " got " + spec.weights().size() + " weights for " + n
          + " models; give one weight per model.");
    }
    for (double w : spec.weights()) {
      if (!Double.isFinite(w)) {
        report(PlanProblem.RANGE, m.functionName() + ": weight " + w + " is not a finite number; give finite weights.");
      }
    }
    double p = spec.parameter();
    boolean ok = m == DataMethod.FISHER ? p >= 0 && Double.isFinite(p) : p >= 0 && p <= 1;
    if (!ok) {
      report(PlanProblem.RANGE, m.functionName() + ": " + m.parameter() + " is " + p + "; it must be "
          + (m == DataMethod.FISHER ? "a finite number ≥ 0 (the default is 1e-6)." : "in [0, 1] (the default is 1)."));
    }
    return inputs.outDtype(spec.outDtype());
  }

  private List<Opened> open(List<String> paths, String what) {
    List<Opened> out = new ArrayList<>();
    for (String given : paths) {
      out.add(new Opened(given, inputs.open(given, what + " " + given)));
    }
    return out;
  }

  /** Every model must have the first model's tensor names and shapes, and no others. */
  private void checkModels(List<Opened> models) {
    Opened first = models.get(0);
    TensorSource ref = source(first);
    for (Opened m : models.subList(1, models.size())) {
      TensorSource s = source(m);
      if (s == null) {
        continue;
      }
      for (String name : ref.names()) {
        if (!s.contains(name)) {
          problem("missing tensor", "model " + m.given() + " has no tensor '" + name + "' (model " + first.given()
              + " has it); merge models of the same architecture, or drop this model.");
        } else if (!s.info(name).shape().equals(ref.info(name).shape())) {
          problem("shape", "tensor '" + name + "' is " + s.info(name).shape() + " in model " + m.given() + " but "
              + ref.info(name).shape() + " in model " + first.given() + "; only tensors of equal shape can be merged.");
        }
      }
      for (String name : s.names()) {
        if (!ref.contains(name)) {
          problem("extra tensor", "model " + m.given() + " has a tensor '" + name + "' that model " + first.given()
              + " lacks; merge models of the same architecture, or drop this model.");
        }
      }
    }
  }

  private PlannedTensor tensor(String name, TensorInfo info, List<Opened> models, DType outDtype,
      StatisticsCheck check, Map<String, List<TensorRef>> table) {
    if (info.shape().size() > Integer.MAX_VALUE - 8) {
      problem("size", "tensor '" + name + "' has " + info.shape().size()
          + " elements, more than one merge buffer holds (2^31); split the tensor.");
      return null;
    }
    if (!info.dtype().isFloating()) {
      notes.add("'" + name + "' is " + info.dtype() + ", not floating point; copied from " + models.get(0).given()
          + ".");
      return new PlannedTensor(name, info.shape(), info.dtype(), MergeMethod.PASSTHROUGH, null,
          List.of(new TensorRef(models.get(0).source(), name)), List.of(ModelParams.DEFAULT),
          MergeOptions.defaults(MergeMethod.PASSTHROUGH));
    }
    List<TensorRef> stats = check.statisticsOf(name, info);
    if (stats == null) {
      return null;
    }
    if (!stats.isEmpty()) {
      table.put(name, stats);
    }
    List<TensorRef> refs = new ArrayList<>();
    List<ModelParams> params = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      refs.add(new TensorRef(models.get(i).source(), name));
      params.add(ModelParams.weighted(spec.weights().isEmpty() ? 1.0 : spec.weights().get(i)));
    }
    return new PlannedTensor(name, info.shape(), outDtype != null ? outDtype : info.dtype(), MergeMethod.LINEAR,
        null, refs, params, MergeOptions.defaults(MergeMethod.LINEAR));
  }

  /** The opened source of {@code c}, or null when it could not be opened. */
  TensorSource source(Opened c) {
    return inputs.source(c.source());
  }

  private void report(String code, String message) {
    inputs.report(code, message);
  }

  /** Records a checkpoint problem of a kind (at most 20 of a kind are listed). */
  void problem(String kind, String message) {
    inputs.problem(kind, message);
  }
}
