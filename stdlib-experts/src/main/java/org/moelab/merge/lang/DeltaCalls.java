package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.merge.delta.ComPeft;
import org.moelab.merge.delta.DeltaCoMe;
import org.moelab.merge.delta.DeltaEdits;
import org.moelab.merge.delta.EditMethod;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Task-vector edits in the language: {@code cape}, {@code model_patch}, {@code compeft}, {@code
 * delta_come}.
 */
final class DeltaCalls {
  private DeltaCalls() {}

  static List<SimpleBuiltin> builtins() {
    return List.of(
        SimpleBuiltin.of("cape", "CaPE: base + alpha·(expert − anti_expert), adding one fine-tune's delta and "
            + "subtracting another's. Of checkpoints: a lazy merge, run by save_merge.", "merge, dict or tensor",
            DeltaCalls::cape,
            Param.required("base", ParamKind.ANY, "The shared base (dict of tensors or tensor)."),
            Param.required("expert", ParamKind.ANY, "The model whose delta is added."),
            Param.required("anti_expert", ParamKind.ANY, "The model whose delta is subtracted."),
            Param.optional("alpha", ParamKind.FLOAT, Value.of(1.0), "The scale of the contrast.")),
        SimpleBuiltin.of("model_patch", "Moves a fine-tune's delta to another base: target_base + scale·(model − "
            + "source_base). Of checkpoints: a lazy merge, run by save_merge.", "merge, dict or tensor",
            DeltaCalls::patch,
            Param.required("model", ParamKind.ANY, "The fine-tuned model."),
            Param.required("source_base", ParamKind.ANY, "The base it was fine-tuned from."),
            Param.required("target_base", ParamKind.ANY, "The base to patch."),
            Param.optional("scale", ParamKind.FLOAT, Value.of(1.0), "The scale of the delta.")),
        SimpleBuiltin.of("compeft", "ComPEFT: keeps the top density·n task-vector entries by magnitude as "
            + "γ·sign, γ = alpha·std(τ) (scale \"std\") or alpha·mean|kept| (\"mean\"). Of checkpoints: a lazy "
            + "merge, run by save_merge.", "merge, dict or tensor",
            DeltaCalls::compeft, Param.required("model", ParamKind.ANY, "A fine-tuned model, or a task vector."),
            Param.optional("base", ParamKind.OPTIONAL, Value.NoneValue.NONE, "The base (none: model is the delta)."),
            Param.optional("density", ParamKind.FLOAT, Value.of(0.1), "The fraction of entries kept."),
            Param.optional("alpha", ParamKind.FLOAT, Value.of(1.0), "The multiplier of the scalar."),
            Param.optional("scale", ParamKind.STR, Value.of("std"), "std (the paper) or mean.")),
        SimpleBuiltin.of("delta_come", "Delta-CoMe-style mixed precision: the SVD of each 2-D task vector, "
            + "its singular vectors in groups of `ranks` quantised to `bits` bits (round-to-nearest, 0 drops "
            + "the group); other tensors pass through. Of checkpoints: a lazy merge, run by save_merge.",
            "merge, dict or tensor", DeltaCalls::deltaCome,
            Param.required("model", ParamKind.ANY, "A fine-tuned model, or a task vector."),
            Param.optional("base", ParamKind.OPTIONAL, Value.NoneValue.NONE, "The base (none: model is the delta)."),
            Param.optional("ranks", ParamKind.LIST, ints(2, 32, 64), "Sizes of consecutive groups of singular "
                + "triplets, largest first."),
            Param.optional("bits", ParamKind.LIST, ints(8, 3, 2), "The bit width of each group, 0 to "
                + DeltaCoMe.MAX_BITS + ".")));
  }

  private static Value ints(long... values) {
    List<Value> out = new ArrayList<>();
    for (long v : values) {
      out.add(Value.of(v));
    }
    return new Value.ListValue(out);
  }

  /** An element-wise function of the tensors of several models. */
  private interface Elementwise {
    float[] apply(List<float[]> inputs);
  }

  private static Value cape(CallContext ctx, BoundArgs a) {
    double alpha = a.real("alpha");
    if (EditLazyMerge.applies(ctx, a, "base")) {
      return EditLazyMerge.encode(EditMethod.CAPE, ctx, a, EditMethod.CAPE.roles(), Map.of("alpha", Value.of(alpha)));
    }
    return elementwise(ctx, a, List.of("base", "expert", "anti_expert"),
        x -> DeltaEdits.cape(x.get(0), x.get(1), x.get(2), alpha));
  }

  private static Value patch(CallContext ctx, BoundArgs a) {
    double scale = a.real("scale");
    if (EditLazyMerge.applies(ctx, a, "model")) {
      return EditLazyMerge.encode(EditMethod.MODEL_PATCH, ctx, a, EditMethod.MODEL_PATCH.roles(),
          Map.of("scale", Value.of(scale)));
    }
    return elementwise(ctx, a, List.of("model", "source_base", "target_base"),
        x -> DeltaEdits.patch(x.get(0), x.get(1), x.get(2), scale));
  }

  private static Value compeft(CallContext ctx, BoundArgs a) {
    double density = a.real("density");
    if (!ctx.isChecking() && !(density >= 0 && density <= 1)) {
      throw ctx.error("E0111", "density is the kept fraction, in [0, 1]; got " + density + ".", a.span("density"));
    }
    String scaleName = a.string("scale");
    if (scaleName != null && !scaleName.equals("std") && !scaleName.equals("mean")) {
      throw ctx.error("E0111", "scale must be \"std\" or \"mean\", got \"" + scaleName + "\".", a.span("scale"));
    }
    ComPeft.Scale scale = "mean".equals(scaleName) ? ComPeft.Scale.MEAN : ComPeft.Scale.STD;
    double alpha = a.real("alpha");
    if (EditLazyMerge.applies(ctx, a, "model")) {
      return EditLazyMerge.encode(EditMethod.COMPEFT, ctx, a, a.isNone("base") ? List.of("model")
          : List.of("model", "base"), Map.of("alpha", Value.of(alpha), "density", Value.of(density), "scale",
          Value.of(scale == ComPeft.Scale.MEAN ? "mean" : "std")));
    }
    if (a.isNone("base")) {
      return elementwise(ctx, a, List.of("model"), x -> ComPeft.compress(x.get(0), density, alpha, scale));
    }
    return elementwise(ctx, a, List.of("model", "base"),
        x -> ComPeft.compressTensor(x.get(0), x.get(1), density, alpha, scale));
  }

  private static Value deltaCome(CallContext ctx, BoundArgs a) {
    int[] ranks = intList(ctx, a, "ranks", "[2, 32, 64]");
    int[] bits = intList(ctx, a, "bits", "[8, 3, 2]");
    checkGroups(ctx, a, ranks, bits);
    boolean withBase = !a.isNone("base");
    if (EditLazyMerge.applies(ctx, a, "model")) {
      return EditLazyMerge.encode(EditMethod.DELTA_COME, ctx, a, withBase ? List.of("model", "base")
          : List.of("model"), Map.of("ranks", a.get("ranks"), "bits", a.get("bits")));
    }
    return perTensor(ctx, a, withBase ? List.of("model", "base") : List.of("model"),
        (shape, x) -> DeltaCoMe.compressTensor(x.get(0), withBase ? x.get(1) : null, shape.dims(), ranks, bits));
  }

  /** Ranks ≥ 0, bits in 0..16, as many of each; lists not known yet (null, while checking) pass. */
  private static void checkGroups(CallContext ctx, BoundArgs a, int[] ranks, int[] bits) {
    for (int g = 0; ranks != null && g < ranks.length; g++) {
      if (ranks[g] < 0) {
        throw ctx.error("E0111", "ranks[" + g + "] is " + ranks[g] + "; a group size cannot be negative.",
            a.span("ranks"), "Use 0 or more singular triplets per group (0 makes an empty group).");
      }
    }
    for (int g = 0; bits != null && g < bits.length; g++) {
      if (bits[g] < 0 || bits[g] > DeltaCoMe.MAX_BITS) {
        throw ctx.error("E0111", "bits[" + g + "] is " + bits[g] + "; a bit width must be in 0.." + DeltaCoMe.MAX_BITS
            + ".", a.span("bits"), "Use 0 (drop the group), 1 (sign times mean |x|) or 2 to " + DeltaCoMe.MAX_BITS
            + " bits.");
      }
    }
    if (ranks != null && bits != null && ranks.length != bits.length) {
      throw ctx.error("E0111", "bits has " + bits.length + " widths but ranks has " + ranks.length + " groups.",
          a.span("bits"), "Give one bit width per group, e.g. ranks = [2, 32, 64], bits = [8, 3, 2].");
    }
  }

  /**
   * List parameter {@code name} as ints (clamped to the int range); null when not known yet. Literal
   * lists are known while checking, so their mistakes are compile errors at the argument.
   */
  private static int[] intList(CallContext ctx, BoundArgs a, String name, String example) {
    if (a.isUnknown(name)) {
      return null;
    }
    List<Value> items = a.list(name);
    int[] out = new int[items.size()];
    for (int i = 0; i < out.length; i++) {
      Value v = items.get(i);
      if (v instanceof UnknownValue) {
        return null;
      }
      if (!(v instanceof Value.IntValue n)) {
        throw ctx.error("E0104", name + " must be a list of ints, got " + v.typeName() + " at index " + i + ".",
            a.span(name), "Write " + name + " = " + example + ".");
      }
      out[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n.value()));
    }
    return out;
  }

  /** A function of one tensor's shape and its values in several models. */
  private interface PerTensor {
    float[] apply(Shape shape, List<float[]> inputs);
  }

  /** Applies an element-wise {@code f} name by name (see {@link #perTensor}). */
  private static Value elementwise(CallContext ctx, BoundArgs a, List<String> params, Elementwise f) {
    return perTensor(ctx, a, params, (shape, x) -> f.apply(x));
  }

  /** Applies {@code f} name by name to the models in parameters {@code params} (names from the first). */
  private static Value perTensor(CallContext ctx, BoundArgs a, List<String> params, PerTensor f) {
    if (ctx.isChecking()) {
      return UnknownValue.ANY;
    }
    List<Map<String, HostTensor>> models = new ArrayList<>();
    for (String p : params) {
      models.add(TensorDicts.model(ctx, a, p, a.get(p)));
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (String name : models.get(0).keySet()) {
      Shape shape = models.get(0).get(name).shape();
      List<float[]> inputs = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        HostTensor t = models.get(i).get(name);
        if (t == null) {
          throw ctx.error("E0601", "'" + params.get(i) + "' has no tensor '" + name + "'; the models need the same "
              + "names.", a.span(params.get(i)));
        }
        TensorDicts.checkShape(ctx, a, params.get(i), name, t, shape);
        inputs.add(t.toFloatArray());
      }
      out.put(name, f.apply(shape, inputs));
      shapes.put(name, shape);
    }
    return TensorDicts.value(ctx, out, shapes, !(a.get(params.get(0)) instanceof Value.DictValue));
  }
}
