package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.List;
import org.moelab.merge.MergeMethod;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.BuiltinProvider;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.Value;

/**
 * The merge built-ins, found by {@link java.util.ServiceLoader}: {@code checkpoint}, {@code
 * mergekit}, {@code save_merge} and one function per {@link MergeMethod} ({@code merge_linear},
 * {@code task_arithmetic}, {@code ties}, {@code dare_linear}, {@code dare_ties}, {@code
 * breadcrumbs}, {@code breadcrumbs_ties}, {@code della}, {@code della_linear}, {@code model_stock},
 * {@code slerp}, {@code nuslerp}, {@code karcher}, {@code merge_passthrough}); the adapter merges
 * {@code peft_adapter} and {@code add_weighted_adapter} ({@link AdapterCalls}); the data-aware
 * {@code fisher_merge}, {@code fisher_from_grads}, {@code regmean}, {@code regmean_gram} ({@link
 * DataMergeCalls}); the task-vector edits {@code cape}, {@code model_patch}, {@code compeft}, {@code
 * delta_come} ({@link DeltaCalls}) and the layer-wise {@code layer_swap} and {@code mediator_merge}
 * ({@link LayerCalls}).
 */
public final class MergeBuiltins implements BuiltinProvider {
  @Override
  public List<Builtin> builtins() {
    List<Builtin> all = new ArrayList<>();
    all.add(SimpleBuiltin.of("checkpoint", "A lazy handle to a checkpoint directory or .safetensors file: only "
        + "headers are read; merges of checkpoints stream tensor by tensor when saved.", "checkpoint",
        MergeCalls::checkpoint, Param.required("path", ParamKind.STR, "The checkpoint directory or file.")));
    all.add(SimpleBuiltin.of("mergekit", "A lazy merge from a mergekit YAML config (paths relative to the "
        + "config); run it with save_merge.", "merge", MergeCalls::mergekit,
        Param.required("path", ParamKind.STR, "The .yml file.")));
    all.add(SimpleBuiltin.of("save_merge", "Runs a lazy merge out of core into a sharded safetensors directory "
        + "(atomically; config and tokenizer files copied from the base). Returns a report.", "merge_report",
        MergeCalls::saveMerge,
        Param.required("merge", ParamKind.ANY, "A merge of checkpoints, or mergekit(path)."),
        Param.required("path", ParamKind.STR, "The output directory (missing or empty)."),
        Param.optional("shard_size", ParamKind.INT, Value.of(5_000_000_000L), "Largest shard in bytes."),
        Param.optional("out_dtype", ParamKind.OPTIONAL, Value.NoneValue.NONE, "f32, bf16 or f16; none keeps the base's.")));
    for (MergeMethod m : MergeMethod.values()) {
      all.add(method(m));
    }
    all.addAll(AdapterCalls.builtins());
    all.addAll(DataMergeCalls.builtins());
    all.addAll(DeltaCalls.builtins());
    all.addAll(LayerCalls.builtins());
    return all;
  }

  /** The language name of a method: mergekit's, except {@code merge_linear} and {@code merge_passthrough}. */
  public static String functionName(MergeMethod m) {
    return m == MergeMethod.LINEAR || m == MergeMethod.PASSTHROUGH ? "merge_" + m.configName() : m.configName();
  }

  /** The language name of a mergekit parameter ({@code weight} is {@code weights}, one per model). */
  public static String paramName(String mergekitName) {
    return mergekitName.equals("weight") ? "weights" : mergekitName;
  }

  private static Builtin method(MergeMethod m) {
    List<Param> params = new ArrayList<>();
    params.add(Param.required("models", ParamKind.LIST,
        "Checkpoints (a lazy merge), dicts of tensors or tensors (merged now)."));
    if (m.base() != MergeMethod.Base.NONE) {
      params.add(m.base() == MergeMethod.Base.REQUIRED
          ? Param.required("base", ParamKind.ANY, "The base model.")
          : Param.optional("base", ParamKind.OPTIONAL, Value.NoneValue.NONE, "An optional base model."));
    }
    for (String p : m.modelParameters()) {
      params.add(Param.optional(paramName(p), ParamKind.ANY, Value.NoneValue.NONE,
          "Per model: one value for all, or a list with one value (number, gradient or filter list) per model."));
    }
    for (String p : m.globalParameters()) {
      if (!p.equals("int8_mask")) {
        params.add(Param.optional(p, ParamKind.ANY, Value.NoneValue.NONE, "As mergekit's '" + p
            + "'; none uses the default."));
      }
    }
    String doc = "Merges by mergekit's " + m.configName() + " (defaults as mergekit's; see docs/merging.md).";
    return SimpleBuiltin.of(functionName(m), doc, "merge, dict or tensor", (ctx, a) -> MergeCalls.merge(m, ctx, a),
        params.toArray(new Param[0]));
  }
}
