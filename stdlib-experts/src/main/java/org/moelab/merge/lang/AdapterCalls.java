package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.merge.MergeException;
import org.moelab.merge.peft.AdapterMergeOptions;
import org.moelab.merge.peft.CombinationType;
import org.moelab.merge.peft.LoraAdapter;
import org.moelab.merge.peft.LoraModule;
import org.moelab.merge.peft.MajoritySign;
import org.moelab.merge.peft.PeftAdapterDir;
import org.moelab.merge.peft.SvdScaling;
import org.moelab.merge.peft.WeightedAdapter;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.stdlib.LoraExpert;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * The adapter built-ins: {@code peft_adapter(path)} reads a whole PEFT adapter as a dict module →
 * LoRA expert; {@code add_weighted_adapter(adapters, weights, ...)} merges adapter directories,
 * such dicts, or single LoRA experts with PEFT's combination types.
 */
final class AdapterCalls {
  private static final String MODULE = "lora";

  private AdapterCalls() {}

  static List<SimpleBuiltin> builtins() {
    return List.of(
        SimpleBuiltin.of("peft_adapter", "Reads every module of a PEFT adapter directory (adapter_config.json + "
            + "adapter_model.safetensors) as a dict module path → LoRA expert.", "dict", AdapterCalls::read,
            Param.required("path", ParamKind.STR, "The adapter directory.")),
        SimpleBuiltin.of("add_weighted_adapter", "Merges LoRA adapters as PEFT's add_weighted_adapter does "
            + "(combination types linear, cat, svd, ties, ties_svd, dare_linear, dare_ties, dare_linear_svd, "
            + "dare_ties_svd, magnitude_prune, magnitude_prune_svd; see docs/merging.md). Returns a dict module → "
            + "expert (or one expert for experts), or the directory written when `path` is given.",
            "dict, expert or str", AdapterCalls::merge,
            Param.required("adapters", ParamKind.LIST,
                "Adapter directories, dicts from peft_adapter, or LoRA experts."),
            Param.required("weights", ParamKind.LIST, "One weight per adapter; may be negative."),
            Param.optional("combination_type", ParamKind.STR, Value.of("svd"), "PEFT's combination type."),
            Param.optional("svd_rank", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Rank of *_svd results "
                + "(none: the largest input rank)."),
            Param.optional("svd_clamp", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Quantile to clamp SVD factors to."),
            Param.optional("density", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Fraction kept by pruning types."),
            Param.optional("majority_sign_method", ParamKind.STR, Value.of("total"), "total or frequency."),
            Param.optional("seed", ParamKind.INT, Value.of(0L), "Seed of DARE's masks."),
            Param.optional("svd_scaling", ParamKind.STR, Value.of("peft"),
                "peft (w·s²·BA, as PEFT) or once (w·s·BA)."),
            Param.optional("path", ParamKind.OPTIONAL, Value.NoneValue.NONE,
                "Write the merge as a PEFT directory here.")));
  }

  private static Value read(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking() || a.string("path") == null) {
      return new UnknownValue(UnknownValue.Kind.DICT);
    }
    try {
      return experts(ctx, PeftAdapterDir.read(ctx.resolvePath(a.string("path"))));
    } catch (MergeException e) {
      throw ctx.error("E0301", e.getMessage(), a.span("path"), "Point at the directory save_pretrained wrote.");
    }
  }

  private static Value merge(CallContext ctx, BoundArgs a) {
    AdapterMergeOptions options = options(ctx, a);
    if (ctx.isChecking()) {
      return UnknownValue.ANY;
    }
    List<Value> given = a.list("adapters");
    if (given.isEmpty()) {
      throw ctx.error("E0601", "add_weighted_adapter needs at least one adapter.", a.span("adapters"));
    }
    boolean experts = given.stream().allMatch(v -> v instanceof LoraExpert);
    List<LoraAdapter> adapters = new ArrayList<>();
    for (Value v : given) {
      adapters.add(adapter(ctx, a, v));
    }
    double[] weights = weights(ctx, a);
    try {
      LoraAdapter merged = WeightedAdapter.merge(adapters, weights, options);
      if (a.isNone("path")) {
        return experts ? expert(ctx, merged.modules().get(0)) : experts(ctx, merged);
      }
      if (experts) {
        throw ctx.error("E0601", "A merge of single LoRA experts has no module names to write.", a.span("path"),
            "Merge adapter directories or peft_adapter(...) dicts to write a directory.");
      }
      PeftAdapterDir.write(merged, ctx.resolvePath(a.string("path")), PeftAdapterDir.targetModules(adapters));
      return Value.of(a.string("path"));
    } catch (MergeException e) {
      throw ctx.error("E0601", e.getMessage(), a.callSpan());
    }
  }

  private static AdapterMergeOptions options(CallContext ctx, BoundArgs a) {
    String typeName = a.string("combination_type");
    CombinationType type = typeName == null ? CombinationType.SVD : CombinationType.fromName(typeName).orElseThrow(
        () -> ctx.error("E0111", "Unknown combination_type '" + typeName + "'.", a.span("combination_type"),
            "Use one of " + CombinationType.names() + "."));
    String majorityName = a.string("majority_sign_method");
    MajoritySign majority = majorityName == null ? MajoritySign.TOTAL : MajoritySign.fromName(majorityName)
        .orElseThrow(() -> ctx.error("E0111", "majority_sign_method must be total or frequency, got '" + majorityName
            + "'.", a.span("majority_sign_method")));
    String scalingName = a.string("svd_scaling");
    SvdScaling scaling = scalingName == null ? SvdScaling.PEFT : SvdScaling.fromName(scalingName).orElseThrow(
        () -> ctx.error("E0111", "svd_scaling must be peft or once, got '" + scalingName + "'.",
            a.span("svd_scaling")));
    int rank = a.isNone("svd_rank") ? 0 : (int) a.integer("svd_rank", 0);
    if (rank < 0 || (!a.isNone("svd_rank") && rank == 0 && !ctx.isChecking())) {
      throw ctx.error("E0111", "svd_rank must be a positive int, got " + rank + ".", a.span("svd_rank"));
    }
    double clamp = a.isNone("svd_clamp") ? Double.NaN : a.real("svd_clamp");
    double density = a.isNone("density") ? Double.NaN : a.real("density");
    return new AdapterMergeOptions(type, rank, clamp, density, majority, a.integer("seed", 0), scaling);
  }

  private static double[] weights(CallContext ctx, BoundArgs a) {
    List<Value> w = a.list("weights");
    double[] out = new double[w.size()];
    for (int i = 0; i < out.length; i++) {
      Value v = w.get(i);
      if (v instanceof Value.IntValue n) {
        out[i] = n.value();
      } else if (v instanceof Value.FloatValue f) {
        out[i] = f.value();
      } else {
        throw ctx.error("E0104", "weights must be numbers, got " + v.typeName() + " at position " + (i + 1) + ".",
            a.span("weights"));
      }
    }
    return out;
  }

  private static LoraAdapter adapter(CallContext ctx, BoundArgs a, Value v) {
    if (v instanceof Value.StrValue s) {
      try {
        return PeftAdapterDir.read(ctx.resolvePath(s.value()));
      } catch (MergeException e) {
        throw ctx.error("E0301", e.getMessage(), a.span("adapters"));
      }
    }
    if (v instanceof LoraExpert e) {
      return of(List.of(module(ctx, MODULE, e)));
    }
    if (v instanceof Value.DictValue d && !d.entries().isEmpty()) {
      List<LoraModule> modules = new ArrayList<>();
      for (Map.Entry<String, Value> e : d.entries().entrySet()) {
        if (!(e.getValue() instanceof LoraExpert expert)) {
          throw ctx.error("E0104", "'" + e.getKey() + "' is a " + e.getValue().typeName() + ", not a LoRA expert.",
              a.span("adapters"));
        }
        modules.add(module(ctx, e.getKey(), expert));
      }
      return of(modules);
    }
    throw ctx.error("E0104", "An adapter must be a directory path, a dict from peft_adapter or a LoRA expert; got "
        + v.typeName() + ".", a.span("adapters"));
  }

  private static LoraAdapter of(List<LoraModule> modules) {
    return new LoraAdapter(modules, modules.stream().mapToInt(LoraModule::rank).max().orElseThrow(), null);
  }

  private static LoraModule module(CallContext ctx, String name, LoraExpert e) {
    HostTensor a = ctx.host(e.a());
    HostTensor b = ctx.host(e.b());
    long[] da = a.shape().dims();
    long[] db = b.shape().dims();
    return new LoraModule(name, a.toFloatArray(), b.toFloatArray(), (int) da[0], (int) da[1], (int) db[0],
        e.scaling(), false);
  }

  private static Value experts(CallContext ctx, LoraAdapter adapter) {
    Map<String, Value> out = new LinkedHashMap<>();
    adapter.modules().forEach(m -> out.put(m.name(), expert(ctx, m)));
    return new Value.DictValue(out);
  }

  /** The module as an expert with α = r·scaling, so its α/r is the module's scaling. */
  private static LoraExpert expert(CallContext ctx, LoraModule m) {
    TensorValue a = ctx.ops().constant(HostTensor.ofFloats(Shape.of(m.rank(), m.in()), m.a()), m.name() + ".lora_A");
    TensorValue b = ctx.ops().constant(HostTensor.ofFloats(Shape.of(m.out(), m.rank()), m.b()), m.name() + ".lora_B");
    return new LoraExpert(a, b, m.rank() * m.scaling(), "");
  }
}
