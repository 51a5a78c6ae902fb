package org.moelab.merge.lang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.moelab.io.TensorFileException;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.merge.MergeException;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.data.DataMethod;
import org.moelab.merge.delta.EditMethod;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.MergeSpec;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.Planner;
import org.moelab.merge.stream.MergeCancelledException;
import org.moelab.merge.stream.MergeResult;
import org.moelab.merge.stream.StreamingMerge;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Interrupted;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;

/** The bodies of the merge built-ins. */
final class MergeCalls {
  static final String CHECKPOINT = "checkpoint";
  static final String MERGE = "merge";

  private MergeCalls() {}

  static Value checkpoint(CallContext ctx, BoundArgs a) {
    String given = a.string("path");
    if (given == null) {
      return UnknownValue.ANY;
    }
    Path path = ctx.resolvePath(given);
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("path", Value.of(path.toString()));
    if (ctx.isChecking() && !Files.exists(path)) {
      return UnknownValue.ANY;
    }
    try (TensorSource src = TensorFiles.load(path)) {
      long bytes = src.names().stream().mapToLong(n -> src.info(n).byteLength()).sum();
      fields.put("tensors", Value.of((long) src.names().size()));
      fields.put("bytes", Value.of(bytes));
      return new Value.StructValue(CHECKPOINT, fields);
    } catch (TensorFileException e) {
      throw ctx.error("E0301", "Cannot open checkpoint '" + given + "': " + e.getMessage(), a.callSpan(),
          "Give a checkpoint directory (with model.safetensors.index.json) or a .safetensors file.");
    }
  }

  static Value mergekit(CallContext ctx, BoundArgs a) {
    String given = a.string("path");
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put("config", given == null ? UnknownValue.ANY : Value.of(ctx.resolvePath(given).toString()));
    return new Value.StructValue(MERGE, fields);
  }

  static Value merge(MergeMethod method, CallContext ctx, BoundArgs a) {
    List<Value> models = a.list("models");
    if (models.isEmpty() && !a.isUnknown("models")) {
      throw ctx.error("E0601", functionName(method) + " needs at least one model.", a.span("models"));
    }
    Value first = models.isEmpty() ? UnknownValue.ANY : models.get(0);
    if (first instanceof Value.StructValue s && s.kind().equals(CHECKPOINT)) {
      return LazyMerge.encode(method, ctx, a);
    }
    if (first instanceof Value.DictValue || first instanceof TensorValue) {
      return EagerMerge.merge(method, ctx, a);
    }
    if (ctx.isChecking()) {
      return UnknownValue.ANY;
    }
    throw ctx.error("E0104", functionName(method) + " merges checkpoints, dicts of tensors or tensors; got a "
        + first.typeName() + ".", a.span("models"), "Open checkpoints with checkpoint(path).");
  }

  static Value saveMerge(CallContext ctx, BoundArgs a) {
    Value m = a.get("merge");
    if (!(m instanceof Value.StructValue s) || !s.kind().equals(MERGE)) {
      if (m instanceof UnknownValue) {
        return UnknownValue.ANY;
      }
      throw ctx.error("E0104", "save_merge takes a merge of checkpoints, got " + m.typeName() + ".", a.span("merge"),
          "Merges of dicts or tensors are computed at once; save them with save(value, \"file.safetensors\").");
    }
    if (ctx.isChecking() || a.string("path") == null) {
      return UnknownValue.ANY;
    }
    Path out = ctx.resolvePath(a.string("path"));
    try {
      MergeResult r = run(ctx, s, a, out);
      Map<String, Value> report = new LinkedHashMap<>();
      report.put("tensors", Value.of((long) r.tensors()));
      report.put("bytes_read", Value.of(r.bytesRead()));
      report.put("bytes_written", Value.of(r.bytesWritten()));
      report.put("seconds", Value.of(r.seconds()));
      return new Value.StructValue("merge_report", report);
    } catch (PlanException | MergeException | TensorFileException | MergeCancelledException e) {
      throw ctx.error("E0601", e.getMessage(), a.callSpan());
    }
  }

  /** Runs the lazy merge {@code s}: a data-aware merge, a task-vector edit or a mergekit merge. */
  private static MergeResult run(CallContext ctx, Value.StructValue s, BoundArgs a, Path out) {
    Optional<DataMethod> data = DataLazyMerge.methodOf(s);
    if (data.isPresent()) {
      return DataLazyMerge.run(ctx, data.get(), s, a, out);
    }
    Optional<EditMethod> edit = EditLazyMerge.methodOf(s);
    if (edit.isPresent()) {
      return EditLazyMerge.run(ctx, edit.get(), s, a, out);
    }
    MergeSpec spec = spec(ctx, s, a);
    Path dir = s.fields().containsKey("config") ? Path.of(s.fields().get("config").toString()).getParent()
        : ctx.resolvePath(".");
    MergePlan plan = Planner.plan(spec, dir, out);
    return StreamingMerge.run(plan, out, a.integer("shard_size"), new DisplayedMergeProgress(ctx),
        () -> cancelled(ctx));
  }

  private static MergeSpec spec(CallContext ctx, Value.StructValue s, BoundArgs a) {
    String outDtype = a.isNone("out_dtype") ? null : a.string("out_dtype");
    if (!s.fields().containsKey("config")) {
      return LazyMerge.decode(s, outDtype);
    }
    Path config = Path.of(s.fields().get("config").toString());
    try {
      MergeSpec spec = MergekitYaml.parse(Files.readString(config), config.toString());
      return outDtype == null ? spec : spec.withOutDtype(outDtype);
    } catch (IOException e) {
      throw ctx.error("E0301", "Cannot read " + config + ": " + e.getMessage(), a.span("merge"));
    }
  }

  /** Whether the session was interrupted (polled between tensors of a streamed merge). */
  static boolean cancelled(CallContext ctx) {
    try {
      ctx.checkCancelled();
      return false;
    } catch (Interrupted e) {
      return true;
    }
  }

  static String functionName(MergeMethod m) {
    return MergeBuiltins.functionName(m);
  }

  /** The per-model value of parameter {@code name}: list element i when a list has one entry per model. */
  static Value perModel(BoundArgs a, String name, int model, int models) {
    if (a.isNone(name)) {
      return null;
    }
    Value v = a.get(name);
    if (v instanceof Value.ListValue l && l.elements().size() == models && models > 1) {
      return l.elements().get(model);
    }
    return v;
  }

  /** The global parameters given, by mergekit name. */
  static Map<String, Value> globals(MergeMethod method, BoundArgs a) {
    Map<String, Value> out = new LinkedHashMap<>();
    for (String p : method.globalParameters()) {
      if (!p.equals("int8_mask") && !a.isNone(p)) {
        out.put(p, a.get(p));
      }
    }
    return out;
  }

  /** Each model's parameters given, by mergekit name. */
  static List<Map<String, Value>> modelParams(MergeMethod method, BoundArgs a, int models) {
    List<Map<String, Value>> out = new ArrayList<>();
    for (int i = 0; i < models; i++) {
      Map<String, Value> own = new LinkedHashMap<>();
      for (String p : method.modelParameters()) {
        Value v = perModel(a, MergeBuiltins.paramName(p), i, models);
        if (v != null) {
          own.put(p, v);
        }
      }
      out.add(own);
    }
    return out;
  }
}
