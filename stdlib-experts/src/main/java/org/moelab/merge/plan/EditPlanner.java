package org.moelab.merge.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.MergeOptions;
import org.moelab.merge.ModelParams;
import org.moelab.merge.delta.DeltaCoMe;
import org.moelab.merge.delta.EditMethod;
import org.moelab.tensor.DType;

/**
 * Checks an {@link EditSpec} against the headers of its checkpoints and builds the {@link
 * EditPlan}; reads no tensor data. Every problem is collected and reported together in a {@link
 * PlanException} (at most 20 of a kind, then a count): the parameters (input count, factor, density,
 * groups, dtype), checkpoints that cannot be opened, inputs that differ from the edited one in tensor
 * names, shapes or floating-point-ness, tensors too large for one buffer, and an output directory
 * overlapping an input. Each message names the tensor, the inputs and the fix.
 */
public final class EditPlanner {
  private final EditSpec spec;
  private final PlanInputs inputs = new PlanInputs();
  /** Per input of the spec: its index among the sources, −1 when it could not be opened. */
  private final List<Integer> opened = new ArrayList<>();

  private EditPlanner(EditSpec spec) {
    this.spec = spec;
  }

  /** Plans {@code spec}; {@code outDir} (may be null) is checked not to overlap an input. */
  public static EditPlan plan(EditSpec spec, Path outDir) {
    EditPlanner p = new EditPlanner(spec);
    try (p.inputs) {
      return p.build(outDir);
    }
  }

  private EditPlan build(Path outDir) {
    DType outDtype = checkArguments();
    open();
    List<PlannedTensor> tensors = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int primary = spec.method().primary(spec.inputs().size());
    TensorSource reference = spec.method().takes(spec.inputs().size()) ? source(primary) : null;
    if (reference != null) {
      for (int i = 0; i < spec.inputs().size(); i++) {
        compare(primary, i);
      }
      for (String name : reference.names()) {
        PlannedTensor t = tensor(name, reference.info(name), primary, outDtype, notes);
        if (t != null) {
          tensors.add(t);
        }
      }
    }
    inputs.finish(outDir, "edit");
    return new EditPlan(inputs.plan(tensors, opened.get(primary), notes), spec);
  }

  /** Checks the input count and parameters; returns the output dtype (null: each tensor's own). */
  private DType checkArguments() {
    EditMethod m = spec.method();
    int n = spec.inputs().size();
    if (!m.takes(n)) {
      report(PlanProblem.STRUCTURE, m.functionName() + " got " + n + " checkpoints; give "
          + (m.roles().size() == 3 ? String.join(", ", m.roles()) : "a model and optionally its base") + ".");
    }
    if (m.factor() != null && !Double.isFinite(spec.factor())) {
      report(PlanProblem.RANGE, m.functionName() + ": " + m.factor() + " is " + spec.factor()
          + "; give a finite number.");
    }
    if (m == EditMethod.COMPEFT && !(spec.density() >= 0 && spec.density() <= 1)) {
      report(PlanProblem.RANGE, "compeft: density is the kept fraction, in [0, 1]; got " + spec.density() + ".");
    }
    if (m == EditMethod.DELTA_COME) {
      checkGroups();
    }
    return inputs.outDtype(spec.outDtype());
  }

  private void checkGroups() {
    if (spec.ranks().size() != spec.bits().size()) {
      report(PlanProblem.RANGE, "delta_come: bits has " + spec.bits().size() + " widths but ranks has "
          + spec.ranks().size() + " groups; give one bit width per group, e.g. ranks = [2, 32, 64], bits = [8, 3, 2].");
    }
    for (int r : spec.ranks()) {
      if (r < 0) {
        report(PlanProblem.RANGE, "delta_come: a group size is " + r + "; use 0 or more singular triplets per group.");
      }
    }
    for (int b : spec.bits()) {
      if (b < 0 || b > DeltaCoMe.MAX_BITS) {
        report(PlanProblem.RANGE, "delta_come: a bit width is " + b + "; use 0 to " + DeltaCoMe.MAX_BITS + " bits.");
      }
    }
  }

  private void open() {
    for (int i = 0; i < spec.inputs().size(); i++) {
      opened.add(inputs.open(spec.inputs().get(i), name(i)));
    }
  }

  /** Input {@code i} must have the edited input's tensor names, shapes and floating-point-ness, and no others. */
  private void compare(int primary, int i) {
    TensorSource ref = source(primary);
    TensorSource s = source(i);
    if (i == primary || s == null) {
      return;
    }
    String fix = "; " + spec.method().functionName() + " needs checkpoints of the same architecture.";
    for (String name : ref.names()) {
      if (!s.contains(name)) {
        problem("missing tensor", "tensor '" + name + "' is in " + name(primary) + " but not in " + name(i) + fix);
        continue;
      }
      TensorInfo a = ref.info(name);
      TensorInfo b = s.info(name);
      if (!a.shape().equals(b.shape())) {
        problem("shape", "tensor '" + name + "' is " + b.shape() + " in " + name(i) + " but " + a.shape() + " in "
            + name(primary) + "; only tensors of equal shape can be edited, so use checkpoints of the same "
            + "architecture.");
      } else if (a.dtype().isFloating() != b.dtype().isFloating()) {
        problem("dtype", "tensor '" + name + "' is " + b.dtype() + " in " + name(i) + " but " + a.dtype() + " in "
            + name(primary) + "; a tensor must be floating point in every input or in none" + fix);
      }
    }
    for (String name : s.names()) {
      if (!ref.contains(name)) {
        problem("extra tensor", "tensor '" + name + "' is in " + name(i) + " but not in " + name(primary) + fix);
      }
    }
  }

  private PlannedTensor tensor(String name, TensorInfo info, int primary, DType outDtype, List<String> notes) {
    if (info.shape().size() > Integer.MAX_VALUE - 8) {
      problem("size", "tensor '" + name + "' has " + info.shape().size()
          + " elements, more than one merge buffer holds (2^31); split the tensor.");
      return null;
    }
    if (!info.dtype().isFloating()) {
      notes.add("'" + name + "' is " + info.dtype() + ", not floating point; copied from " + name(primary) + ".");
      return copy(name, info, primary, info.dtype());
    }
    DType dtype = outDtype != null ? outDtype : info.dtype();
    if (spec.method() == EditMethod.DELTA_COME && info.shape().rank() != 2) {
      return copy(name, info, 0, dtype);
    }
    List<TensorRef> refs = new ArrayList<>();
    List<ModelParams> params = new ArrayList<>();
    for (int i = 0; i < spec.inputs().size(); i++) {
      refs.add(new TensorRef(opened.get(i), name));
      params.add(ModelParams.DEFAULT);
    }
    return new PlannedTensor(name, info.shape(), dtype, MergeMethod.LINEAR, null, refs, params,
        MergeOptions.defaults(MergeMethod.LINEAR));
  }

  /** Tensor {@code name} of input {@code i} as it is, written as {@code dtype}. */
  private PlannedTensor copy(String name, TensorInfo info, int i, DType dtype) {
    return new PlannedTensor(name, info.shape(), dtype, MergeMethod.PASSTHROUGH, null,
        List.of(new TensorRef(opened.get(i), name)), List.of(ModelParams.DEFAULT),
        MergeOptions.defaults(MergeMethod.PASSTHROUGH));
  }

  /** Input {@code i} in messages: its role and path ({@code expert /data/e.safetensors}). */
  private String name(int i) {
    return spec.role(i) + " " + spec.inputs().get(i);
  }

  /** The opened source of input {@code i}, or null when it could not be opened. */
  private TensorSource source(int i) {
    return inputs.source(opened.get(i));
  }

  private void report(String code, String message) {
    inputs.report(code, message);
  }

  private void problem(String kind, String message) {
    inputs.problem(kind, message);
  }
}
