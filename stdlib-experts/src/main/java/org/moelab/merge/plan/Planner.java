package org.moelab.merge.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.moelab.io.TensorFileException;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.ModelParams;
import org.moelab.source.SourceSpan;
import org.moelab.tensor.DType;

/**
 * Checks a {@link MergeSpec} against the checkpoints' headers and builds the {@link MergePlan};
 * reads no tensor data. Every problem is collected and reported together in a {@link
 * PlanException}: unreadable checkpoints, missing tensors, shape and dtype mismatches, parameter
 * names and ranges, model counts, and an output directory inside an input. A problem caused by one
 * value of a config (a model path, a parameter, the method) points at that value.
 */
public final class Planner {
  private static final int MAX_PER_KIND = 20;

  private final MergeSpec spec;
  private final Path workingDir;
  private final List<PlanProblem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<Path, TensorSource> sources = new LinkedHashMap<>();
  private final Map<String, Integer> problemKinds = new LinkedHashMap<>();
  private final ParamResolver resolver;
  private DType outDtype;

  private Planner(MergeSpec spec, Path workingDir) {
    this.spec = spec;
    this.workingDir = workingDir;
    this.resolver = new ParamResolver(spec.method(), spec.parameters());
  }

  /**
   * Plans {@code spec}, resolving relative paths against {@code workingDir}; {@code outDir} (may
   * be null) is checked not to lie inside an input or contain one.
   */
  public static MergePlan plan(MergeSpec spec, Path workingDir, Path outDir) {
    Planner p = new Planner(spec, workingDir);
    try {
      return p.build(outDir);
    } finally {
      p.sources.values().forEach(TensorSource::close);
    }
  }

  private MergePlan build(Path outDir) {
    outDtype = outDtype();
    resolver.checkNames(spec.parameters(), "parameters", false);
    checkStructure();
    List<Group> groups = spec.slices().isEmpty() ? modelsGroups() : SliceLayout.groups(spec, this);
    List<PlannedTensor> tensors = new ArrayList<>();
    if (problems.isEmpty()) {
      for (Group g : groups) {
        plannedTensors(g, tensors);
      }
    }
    if (outDir != null) {
      checkOutput(outDir.toAbsolutePath().normalize());
    }
    problems.addAll(resolver.planProblems());
    summariseCapped();
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
    Path config = configSource();
    return new MergePlan(List.copyOf(sources.keySet()), tensors, config, notes);
  }

  /** A set of output tensors sharing inputs: a checkpoint's layers (models) or one slice. */
  record Group(List<Input> inputs, Input base, Map<String, Input.Naming> outputs, MergeMethod method) {}

  /** One input checkpoint of a group, its parameters, and where the config names it. */
  record Input(String model, Path path, int source, Map<String, ParamSetting> parameters, SourceSpan at) {
    /**
     * How an output tensor maps to input tensors: {@code names.get(i)} in the i-th of {@link
     * #allInputs} (base first), and its depth t.
     */
    record Naming(List<String> names, double t) {}
  }

  private void checkStructure() {
    MergeMethod m = spec.method();
    if (m.base() == MergeMethod.Base.REQUIRED && spec.baseModel() == null) {
      report(PlanProblem.STRUCTURE, m.configName() + " needs a base model; add 'base_model: PATH'.",
          spec.spans().method());
    }
    if (spec.models().isEmpty() && spec.slices().isEmpty()) {
      report(PlanProblem.STRUCTURE, "nothing to merge; list 'models' or 'slices'.", SourceSpan.NONE);
    }
    if (!spec.models().isEmpty() && !spec.slices().isEmpty()) {
      report(PlanProblem.STRUCTURE, "give either 'models' or 'slices', not both.", spec.spans().slices());
    }
    for (ModelRef model : spec.models()) {
      resolver.checkNames(model.parameters(), "model " + model.path(), true);
    }
  }

  private List<Group> modelsGroups() {
    MergeMethod m = spec.method();
    boolean usesBase = m.base() != MergeMethod.Base.NONE && spec.baseModel() != null;
    Input base = usesBase ? input(spec.baseModel(), Map.of(), spec.spans().baseModel()) : null;
    List<Input> inputs = new ArrayList<>();
    for (ModelRef model : spec.models()) {
      if (usesBase && resolve(model.path()).equals(resolve(spec.baseModel()))) {
        continue;
      }
      inputs.add(input(model.path(), model.parameters(), model.at()));
    }
    if (spec.baseModel() != null && !usesBase) {
      notes.add(m.configName() + " does not use base_model; it is ignored.");
    }
    checkCount(m, inputs.size(), spec.spans().models());
    Input reference = base != null ? base : inputs.isEmpty() ? null : inputs.get(0);
    if (reference == null || reference.source() < 0 || !problems.isEmpty()) {
      return List.of();
    }
    TensorSource ref = sources.get(reference.path());
    int layers = countLayers(ref.names());
    Map<String, Input.Naming> outputs = new LinkedHashMap<>();
    for (String name : ref.names()) {
      OptionalInt layer = LayerNames.layerOf(name);
      double t = layer.isPresent() ? depth(layer.getAsInt(), layers) : LayerNames.depthOfNonLayer(name);
      List<String> same = java.util.Collections.nCopies(allInputs(base, inputs).size(), name);
      outputs.put(name, new Input.Naming(same, t));
    }
    return List.of(new Group(inputs, base, outputs, m));
  }

  /**
   * Records a problem, at {@code at}, when {@code m} cannot merge {@code models} models (besides
   * the base).
   */
  void checkCount(MergeMethod m, int models, SourceSpan at) {
    String problem = switch (m) {
      case SLERP -> models == 1 ? null : "slerp merges the base with exactly one other model, got " + models + ".";
      case NUSLERP -> models == 2 ? null : "nuslerp merges exactly two models (besides an optional base), got " + models + ".";
      case MODEL_STOCK -> models >= 2 ? null : "model_stock needs at least two models besides the base, got " + models + ".";
      case PASSTHROUGH -> models == 1 ? null : "passthrough copies one model, got " + models + "; use slices to stack layers.";
      default -> models >= 1 ? null : m.configName() + " needs at least one model besides the base.";
    };
    if (problem != null) {
      report(PlanProblem.RANGE, problem, at);
    }
  }

  static double depth(int layer, int layers) {
    return layers > 1 ? layer / (double) (layers - 1) : 0.0;
  }

  static int countLayers(List<String> names) {
    return (int) names.stream().map(LayerNames::layerOf).filter(OptionalInt::isPresent)
        .mapToInt(OptionalInt::getAsInt).distinct().count();
  }

  static List<Input> allInputs(Input base, List<Input> inputs) {
    List<Input> all = new ArrayList<>();
    if (base != null) {
      all.add(base);
    }
    all.addAll(inputs);
    return all;
  }

  /**
   * Opens (once) the checkpoint at {@code model}, named in the config at {@code at}; a failure
   * becomes a problem there and source −1.
   */
  Input input(String model, Map<String, ParamSetting> parameters, SourceSpan at) {
    Path path = resolve(model);
    if (!sources.containsKey(path)) {
      try {
        sources.put(path, TensorFiles.load(path));
      } catch (TensorFileException e) {
        report(PlanProblem.CHECKPOINT, "cannot open model " + model + ": " + e.getMessage(), at);
        return new Input(model, path, -1, parameters, at);
      }
    }
    return new Input(model, path, List.copyOf(sources.keySet()).indexOf(path), parameters, at);
  }

  Path resolve(String model) {
    return workingDir.resolve(model).toAbsolutePath().normalize();
  }

  TensorSource source(Input in) {
    return sources.get(in.path());
  }

  /** The problems found so far (the resolver's are added at the end). */
  List<PlanProblem> problems() {
    return problems;
  }

  /** Records a problem with the value at {@code at} ({@link SourceSpan#NONE}: with no one value). */
  void report(String code, String message, SourceSpan at) {
    problems.add(new PlanProblem(code, message, at));
  }

  ParamResolver resolver() {
    return resolver;
  }

  private void plannedTensors(Group g, List<PlannedTensor> out) {
    for (Map.Entry<String, Input.Naming> e : g.outputs().entrySet()) {
      PlannedTensor t = TensorCheck.plan(this, g, e.getKey(), e.getValue());
      if (t != null) {
        out.add(t);
      }
    }
  }

  /**
   * Records a checkpoint problem of a kind, at {@code at}; beyond {@value #MAX_PER_KIND} of one kind
   * only a count is kept.
   */
  void problem(String kind, String message, SourceSpan at) {
    int n = problemKinds.merge(kind, 1, Integer::sum);
    if (n <= MAX_PER_KIND) {
      report(PlanProblem.CHECKPOINT, message, at);
    }
  }

  void note(String message) {
    notes.add(message);
  }

  DType chosenOutDtype(TensorInfo reference) {
    return outDtype != null ? outDtype : reference.dtype();
  }

  ModelParams params(Input in, String tensor, double t) {
    return resolver.model(in.parameters(), tensor, t, in.model());
  }

  private void summariseCapped() {
    problemKinds.forEach((kind, n) -> {
      if (n > MAX_PER_KIND) {
        report(PlanProblem.CHECKPOINT, "... and " + (n - MAX_PER_KIND) + " more " + kind + " problems.",
            SourceSpan.NONE);
      }
    });
  }

  private DType outDtype() {
    String name = spec.outDtype() != null ? spec.outDtype() : spec.dtype();
    if (name == null) {
      return null;
    }
    DType named = dtypeNamed(name);
    if (named == null) {
      SourceSpan at = spec.outDtype() != null ? spec.spans().outDtype() : spec.spans().dtype();
      report(PlanProblem.NAME, "dtype '" + name + "' is not supported; use float32, bfloat16 or float16.", at);
    }
    return named;
  }

  /** The output dtype called {@code name} (float32, f32, bf16, half, ...), or null for an unknown name. */
  static DType dtypeNamed(String name) {
    return switch (name) {
      case "float32", "f32", "fp32" -> DType.F32;
      case "bfloat16", "bf16" -> DType.BF16;
      case "float16", "f16", "fp16", "half" -> DType.F16;
      default -> null;
    };
  }

  /**
   * Refuses an output directory that is an input's checkpoint (see {@link #checkpointOf}), lies
   * inside one, or contains one. A new folder beside a single-file input is accepted.
   */
  private void checkOutput(Path out) {
    for (Path in : sources.keySet()) {
      Path checkpoint = checkpointOf(in);
      if (out.startsWith(checkpoint) || checkpoint.startsWith(out)) {
        report(PlanProblem.CHECKPOINT, "the output directory " + out + " overlaps the input " + in
            + "; write the merge to a directory outside every input.", SourceSpan.NONE);
      }
    }
  }

  /**
   * What an input occupies on disk: its directory when it is a checkpoint directory or that
   * directory's {@code *.index.json}; otherwise the single tensor file itself (not its folder).
   */
  static Path checkpointOf(Path input) {
    Path name = input.getFileName();
    boolean index = name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".index.json");
    return index && input.getParent() != null ? input.getParent() : input;
  }

  private Path configSource() {
    if (sources.isEmpty()) {
      return null;
    }
    Path first = spec.baseModel() != null ? resolve(spec.baseModel()) : sources.keySet().iterator().next();
    return first.toFile().isDirectory() ? first : null;
  }
}
