package org.moelab.merge.lang;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.moelab.merge.delta.ComPeft;
import org.moelab.merge.delta.EditMethod;
import org.moelab.merge.plan.EditPlanner;
import org.moelab.merge.plan.EditSpec;
import org.moelab.merge.stream.EditStreaming;
import org.moelab.merge.stream.MergeResult;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Value;

/**
 * {@code cape}, {@code model_patch}, {@code compeft} and {@code delta_come} of checkpoints as a
 * language value: a {@code merge} struct with the method, the input paths (in the method's order)
 * and the parameters, run out of core by {@code save_merge}.
 */
final class EditLazyMerge {
  private EditLazyMerge() {}

  /** Whether the call runs on checkpoints (its first input is one), so the edit is lazy; never while checking. */
  static boolean applies(CallContext ctx, BoundArgs a, String firstInput) {
    return !ctx.isChecking() && isCheckpoint(a.get(firstInput));
  }

  /** The lazy edit of the call's {@code inputs} (parameter names) with {@code parameters} (name → value). */
  static Value encode(EditMethod method, CallContext ctx, BoundArgs a, List<String> inputs,
      Map<String, Value> parameters) {
    List<Value> paths = new ArrayList<>();
    for (String p : inputs) {
      Value v = a.get(p);
      if (!isCheckpoint(v)) {
        throw ctx.error("E0104", "With checkpoints, every input of " + method.functionName() + " must be a "
            + "checkpoint(path); " + p + " is a " + v.typeName() + ".", a.span(p),
            "Open " + p + " with checkpoint(path) too, or pass dicts of tensors for every input.");
      }
      paths.add(((Value.StructValue) v).fields().get("path"));
    }
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("method", Value.of(method.functionName()));
    fields.put("inputs", new Value.ListValue(paths));
    fields.putAll(parameters);
    return new Value.StructValue(MergeCalls.MERGE, fields);
  }

  /** The edit of a lazy merge struct, if it is one. */
  static Optional<EditMethod> methodOf(Value.StructValue s) {
    Value method = s.fields().get("method");
    return method == null ? Optional.empty() : EditMethod.fromFunctionName(method.toString());
  }

  /** Plans (from headers; a PlanException lists every problem) and runs the edit into {@code out}. */
  static MergeResult run(CallContext ctx, EditMethod method, Value.StructValue s, BoundArgs a, Path out) {
    String outDtype = a.isNone("out_dtype") ? null : a.string("out_dtype");
    Map<String, Value> f = s.fields();
    List<String> inputs = ((Value.ListValue) f.get("inputs")).elements().stream().map(Value::toString).toList();
    double factor = method.factor() == null ? 1 : SettingValues.number(f.get(method.factor()));
    double density = f.containsKey("density") ? SettingValues.number(f.get("density")) : 1;
    ComPeft.Scale scale = f.containsKey("scale") && "mean".equals(f.get("scale").toString()) ? ComPeft.Scale.MEAN
        : ComPeft.Scale.STD;
    EditSpec spec = new EditSpec(method, inputs, factor, density, scale, ints(f.get("ranks")), ints(f.get("bits")),
        outDtype);
    return EditStreaming.run(EditPlanner.plan(spec, out), out, a.integer("shard_size"), new DisplayedMergeProgress(ctx),
        () -> MergeCalls.cancelled(ctx));
  }

  private static List<Integer> ints(Value v) {
    if (!(v instanceof Value.ListValue l)) {
      return List.of();
    }
    return l.elements().stream().map(e -> (int) Math.max(Integer.MIN_VALUE,
        Math.min(Integer.MAX_VALUE, ((Value.IntValue) e).value()))).toList();
  }

  private static boolean isCheckpoint(Value v) {
    return v instanceof Value.StructValue s && s.kind().equals(MergeCalls.CHECKPOINT);
  }
}
