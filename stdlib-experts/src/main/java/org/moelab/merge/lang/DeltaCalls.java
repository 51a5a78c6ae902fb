package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.merge.delta.ComPeft;
import org.moelab.merge.delta.DeltaEdits;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/** Task-vector edits in the language: {@code cape}, {@code model_patch}, {@code compeft}. */
final class DeltaCalls {
  private DeltaCalls() {}

  static List<SimpleBuiltin> builtins() {
    return List.of(
        SimpleBuiltin.of("cape", "CaPE: base + alpha·(expert − anti_expert), adding one fine-tune's delta and "
            + "subtracting another's.", "dict or tensor", DeltaCalls::cape,
            Param.required("base", ParamKind.ANY, "The shared base (dict of tensors or tensor)."),
            Param.required("expert", ParamKind.ANY, "The model whose delta is added."),
            Param.required("anti_expert", ParamKind.ANY, "The model whose delta is subtracted."),
            Param.optional("alpha", ParamKind.FLOAT, Value.of(1.0), "The scale of the contrast.")),
        SimpleBuiltin.of("model_patch", "Moves a fine-tune's delta to another base: target_base + scale·(model − "
            + "source_base).", "dict or tensor", DeltaCalls::patch,
            Param.required("model", ParamKind.ANY, "The fine-tuned model."),
            Param.required("source_base", ParamKind.ANY, "The base it was fine-tuned from."),
            Param.required("target_base", ParamKind.ANY, "The base to patch."),
            Param.optional("scale", ParamKind.FLOAT, Value.of(1.0), "The scale of the delta.")),
        SimpleBuiltin.of("compeft", "ComPEFT: keeps the top density·n task-vector entries by magnitude as "
            + "γ·sign, γ = alpha·std(τ) (scale \"std\") or alpha·mean|kept| (\"mean\").", "dict or tensor",
            DeltaCalls::compeft, Param.required("model", ParamKind.ANY, "A fine-tuned model, or a task vector."),
            Param.optional("base", ParamKind.OPTIONAL, Value.NoneValue.NONE, "The base (none: model is the delta)."),
            Param.optional("density", ParamKind.FLOAT, Value.of(0.1), "The fraction of entries kept."),
            Param.optional("alpha", ParamKind.FLOAT, Value.of(1.0), "The multiplier of the scalar."),
            Param.optional("scale", ParamKind.STR, Value.of("std"), "std (the paper) or mean.")));
  }

  /** An element-wise function of the tensors of several models. */
  private interface Elementwise {
    float[] apply(List<float[]> inputs);
  }

  private static Value cape(CallContext ctx, BoundArgs a) {
    double alpha = a.real("alpha");
    return elementwise(ctx, a, List.of("base", "expert", "anti_expert"),
        x -> DeltaEdits.cape(x.get(0), x.get(1), x.get(2), alpha));
  }

  private static Value patch(CallContext ctx, BoundArgs a) {
    double scale = a.real("scale");
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
    if (a.isNone("base")) {
      return elementwise(ctx, a, List.of("model"), x -> ComPeft.compress(x.get(0), density, alpha, scale));
    }
    return elementwise(ctx, a, List.of("model", "base"), x -> {
      float[] tau = new float[x.get(0).length];
      for (int i = 0; i < tau.length; i++) {
        tau[i] = x.get(0)[i] - x.get(1)[i];
      }
      float[] q = ComPeft.compress(tau, density, alpha, scale);
      for (int i = 0; i < q.length; i++) {
        q[i] += x.get(1)[i];
      }
      return q;
    });
  }

  /** Applies {@code f} name by name to the models in parameters {@code params} (names from the first). */
  private static Value elementwise(CallContext ctx, BoundArgs a, List<String> params, Elementwise f) {
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
      out.put(name, f.apply(inputs));
      shapes.put(name, shape);
    }
    return TensorDicts.value(ctx, out, shapes, !(a.get(params.get(0)) instanceof Value.DictValue));
  }
}
