package org.moelab.merge.lang;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.moelab.merge.data.DataMethod;
import org.moelab.merge.plan.DataMergePlanner;
import org.moelab.merge.plan.DataMergeSpec;
import org.moelab.merge.stream.DataMergeStreaming;
import org.moelab.merge.stream.MergeResult;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Value;

/**
 * {@code fisher_merge} and {@code regmean} of checkpoints as a language value: a {@code merge}
 * struct with the method, the model paths, the statistics paths ({@code fishers} or {@code grams}),
 * the weights and the parameter, run out of core by {@code save_merge}.
 */
final class DataLazyMerge {
  private DataLazyMerge() {}

  /** Whether the first of {@code models} is a checkpoint, so the merge is lazy. */
  static boolean ofCheckpoints(BoundArgs a) {
    List<Value> models = a.list("models");
    return !models.isEmpty() && isCheckpoint(models.get(0));
  }

  /** The lazy merge of the call's checkpoints; {@code weights} one per model (Fisher merging) or null. */
  static Value encode(DataMethod method, CallContext ctx, BoundArgs a, double[] weights) {
    List<Value> models = paths(ctx, a, "models", "Every model of a checkpoint merge must be a checkpoint(path)",
        "Open each model with checkpoint(path).");
    List<Value> stats = paths(ctx, a, method.argument(), "With checkpoints as models, every " + method.statistic()
        + " must be a checkpoint(path) too", "Save each model's " + method.statistic() + "s with save(dict, \""
        + method.argument() + "_0.safetensors\") and pass checkpoint(\"" + method.argument() + "_0.safetensors\").");
    if (stats.size() != models.size()) {
      throw ctx.error("E0601", method.functionName() + " got " + models.size() + " models and " + stats.size() + " "
          + method.statistic() + " checkpoints; give one per model, in the same order.", a.span(method.argument()));
    }
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("method", Value.of(method.functionName()));
    fields.put("models", new Value.ListValue(models));
    fields.put(method.argument(), new Value.ListValue(stats));
    if (weights != null) {
      List<Value> w = new ArrayList<>();
      for (double x : weights) {
        w.add(Value.of(x));
      }
      fields.put("weights", new Value.ListValue(w));
    }
    fields.put(method.parameter(), Value.of(a.real(method.parameter())));
    return new Value.StructValue(MergeCalls.MERGE, fields);
  }

  /** The data-aware method of a lazy merge struct, if it is one. */
  static Optional<DataMethod> methodOf(Value.StructValue s) {
    Value method = s.fields().get("method");
    return method == null ? Optional.empty() : DataMethod.fromFunctionName(method.toString());
  }

  /** Plans (from headers; a PlanException lists every problem) and runs the merge into {@code out}. */
  static MergeResult run(CallContext ctx, DataMethod method, Value.StructValue s, BoundArgs a, Path out) {
    String outDtype = a.isNone("out_dtype") ? null : a.string("out_dtype");
    DataMergeSpec spec = new DataMergeSpec(method, strings(s, "models"), strings(s, method.argument()),
        weights(s), ((Value.FloatValue) s.fields().get(method.parameter())).value(), outDtype);
    return DataMergeStreaming.run(DataMergePlanner.plan(spec, out), out, a.integer("shard_size"),
        new DisplayedMergeProgress(ctx), () -> MergeCalls.cancelled(ctx));
  }

  private static List<Value> paths(CallContext ctx, BoundArgs a, String param, String rule, String fix) {
    List<Value> out = new ArrayList<>();
    for (Value v : a.list(param)) {
      if (!isCheckpoint(v)) {
        throw ctx.error("E0104", rule + ", got " + v.typeName() + ".", a.span(param), fix);
      }
      out.add(((Value.StructValue) v).fields().get("path"));
    }
    return out;
  }

  private static boolean isCheckpoint(Value v) {
    return v instanceof Value.StructValue s && s.kind().equals(MergeCalls.CHECKPOINT);
  }

  private static List<String> strings(Value.StructValue s, String field) {
    return ((Value.ListValue) s.fields().get(field)).elements().stream().map(Value::toString).toList();
  }

  private static List<Double> weights(Value.StructValue s) {
    Value w = s.fields().get("weights");
    if (!(w instanceof Value.ListValue l)) {
      return List.of();
    }
    return l.elements().stream().map(SettingValues::number).toList();
  }
}
