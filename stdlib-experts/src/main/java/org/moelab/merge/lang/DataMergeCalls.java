package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.merge.MergeException;
import org.moelab.merge.data.DataMethod;
import org.moelab.merge.data.FisherMerge;
import org.moelab.merge.data.RegMean;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** The data-aware merge built-ins: {@code fisher_merge}, {@code fisher_from_grads}, {@code regmean}, {@code regmean_gram}. */
final class DataMergeCalls {
  private DataMergeCalls() {}

  static List<SimpleBuiltin> builtins() {
    return List.of(
        SimpleBuiltin.of("fisher_merge", "Fisher merging: Σ w_i F_i θ_i / Σ w_i F_i per element, F_i floored at "
            + "fisher_floor (see docs/merging.md). Of checkpoints: a lazy merge, run by save_merge.",
            "merge, dict or tensor", DataMergeCalls::fisher,
            Param.required("models", ParamKind.LIST, "Checkpoints (a lazy merge), dicts of tensors or tensors."),
            Param.required("fishers", ParamKind.LIST, "Each model's diagonal Fisher, shaped like the model (checkpoints "
                + "when the models are)."),
            Param.optional("weights", ParamKind.OPTIONAL, Value.NoneValue.NONE, "One weight per model (none: 1)."),
            Param.optional("fisher_floor", ParamKind.FLOAT, Value.of(1e-6), "Lower bound on Fisher values.")),
        SimpleBuiltin.of("fisher_from_grads", "The empirical diagonal Fisher: the mean of squared gradients.",
            "dict or tensor", DataMergeCalls::fisherFromGrads,
            Param.required("grads", ParamKind.LIST, "Per-example (or per-batch) gradients: dicts or tensors.")),
        SimpleBuiltin.of("regmean", "RegMean: Wᵀ = (Σ G̃_i)⁻¹ Σ G̃_i W_iᵀ per linear weight with a Gram, G̃_i "
            + "with off-diagonals times alpha; tensors without Grams are averaged. Of checkpoints: a lazy merge, run "
            + "by save_merge.", "merge, dict or tensor", DataMergeCalls::regmean,
            Param.required("models", ParamKind.LIST, "Checkpoints (a lazy merge), dicts of tensors or [out, in] "
                + "tensors."),
            Param.required("grams", ParamKind.LIST, "Per model: a dict name → Gram [in, in] (or a tensor); a "
                + "checkpoint of such Grams when the models are checkpoints."),
            Param.optional("alpha", ParamKind.FLOAT, Value.of(1.0), "Scale of the Grams' off-diagonal entries.")),
        SimpleBuiltin.of("regmean_gram", "The Gram XᵀX [in, in] of a layer's inputs X [..., in], for regmean.",
            "tensor", DataMergeCalls::gram, Param.required("inputs", ParamKind.TENSOR, "Inputs [..., in].")));
  }

  private static Value fisher(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking()) {
      return UnknownValue.ANY;
    }
    if (DataLazyMerge.ofCheckpoints(a)) {
      return DataLazyMerge.encode(DataMethod.FISHER, ctx, a, weights(ctx, a, a.list("models").size()));
    }
    List<Map<String, HostTensor>> models = TensorDicts.models(ctx, a, "models");
    List<Map<String, HostTensor>> fishers = TensorDicts.models(ctx, a, "fishers");
    if (fishers.size() != models.size()) {
      throw ctx.error("E0601", "fisher_merge got " + models.size() + " models and " + fishers.size()
          + " Fishers; give one Fisher per model.", a.span("fishers"));
    }
    double[] weights = weights(ctx, a, models.size());
    Map<String, float[]> out = new LinkedHashMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (String name : models.get(0).keySet()) {
      Shape shape = models.get(0).get(name).shape();
      List<float[]> params = new ArrayList<>();
      List<float[]> f = new ArrayList<>();
      for (int i = 0; i < models.size(); i++) {
        HostTensor p = TensorDicts.get(ctx, a, "models", models, i, name);
        HostTensor fi = TensorDicts.get(ctx, a, "fishers", fishers, i, name);
        TensorDicts.checkShape(ctx, a, "models", name, p, shape);
        TensorDicts.checkShape(ctx, a, "fishers", name, fi, shape);
        params.add(p.toFloatArray());
        f.add(fi.toFloatArray());
      }
      out.put(name, run(ctx, a, () -> FisherMerge.merge(name, params, f, weights, a.real("fisher_floor"))));
      shapes.put(name, shape);
    }
    return TensorDicts.value(ctx, out, shapes, TensorDicts.single(a, "models"));
  }

  private static Value fisherFromGrads(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking()) {
      return UnknownValue.ANY;
    }
    List<Map<String, HostTensor>> grads = TensorDicts.models(ctx, a, "grads");
    Map<String, float[]> out = new LinkedHashMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (String name : grads.get(0).keySet()) {
      Shape shape = grads.get(0).get(name).shape();
      List<float[]> g = new ArrayList<>();
      for (int i = 0; i < grads.size(); i++) {
        HostTensor t = TensorDicts.get(ctx, a, "grads", grads, i, name);
        TensorDicts.checkShape(ctx, a, "grads", name, t, shape);
        g.add(t.toFloatArray());
      }
      out.put(name, run(ctx, a, () -> FisherMerge.fromGradients(g)));
      shapes.put(name, shape);
    }
    return TensorDicts.value(ctx, out, shapes, TensorDicts.single(a, "grads"));
  }

  private static Value regmean(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking()) {
      return UnknownValue.ANY;
    }
    if (DataLazyMerge.ofCheckpoints(a)) {
      return DataLazyMerge.encode(DataMethod.REGMEAN, ctx, a, null);
    }
    List<Map<String, HostTensor>> models = TensorDicts.models(ctx, a, "models");
    List<Map<String, HostTensor>> grams = TensorDicts.models(ctx, a, "grams");
    if (grams.size() != models.size()) {
      throw ctx.error("E0601", "regmean got " + models.size() + " models and " + grams.size()
          + " Gram dicts; give one per model.", a.span("grams"));
    }
    List<String> problems = GramKeys.problems(models.get(0).keySet(), grams);
    if (!problems.isEmpty()) {
      String count = problems.size() + (problems.size() == 1 ? " problem" : " problems");
      throw ctx.error("E0601", "regmean cannot start: " + count + " with the Grams:\n  - "
          + String.join("\n  - ", problems), a.span("grams"));
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (String name : models.get(0).keySet()) {
      Shape shape = models.get(0).get(name).shape();
      List<float[]> weights = new ArrayList<>();
      for (int i = 0; i < models.size(); i++) {
        HostTensor w = TensorDicts.get(ctx, a, "models", models, i, name);
        TensorDicts.checkShape(ctx, a, "models", name, w, shape);
        weights.add(w.toFloatArray());
      }
      out.put(name, grams.get(0).containsKey(name) ? linear(ctx, a, grams, name, shape, weights) : mean(weights));
      shapes.put(name, shape);
    }
    return TensorDicts.value(ctx, out, shapes, TensorDicts.single(a, "models"));
  }

  private static float[] linear(CallContext ctx, BoundArgs a, List<Map<String, HostTensor>> grams, String name,
      Shape shape, List<float[]> weights) {
    long[] dims = shape.dims();
    if (dims.length != 2) {
      throw ctx.error("E0601", "'" + name + "' has a Gram but is " + shape + "; RegMean applies to linear weights "
          + "[out, in].", a.span("grams"));
    }
    Shape gramShape = Shape.of(dims[1], dims[1]);
    List<float[]> g = new ArrayList<>();
    for (int i = 0; i < grams.size(); i++) {
      HostTensor t = TensorDicts.get(ctx, a, "grams", grams, i, name);
      TensorDicts.checkShape(ctx, a, "grams", name, t, gramShape);
      g.add(t.toFloatArray());
    }
    return run(ctx, a, () -> RegMean.merge(name, (int) dims[0], (int) dims[1], weights, g, a.real("alpha")));
  }

  private static float[] mean(List<float[]> weights) {
    float[] out = new float[weights.get(0).length];
    RegMean.averageInto(weights, out, 0, out.length);
    return out;
  }

  private static Value gram(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking()) {
      return abstractGram(a.tensor("inputs").shape());
    }
    HostTensor x = ctx.host(a.tensor("inputs"));
    long[] dims = x.shape().dims();
    int in = dims.length == 0 ? 1 : (int) dims[dims.length - 1];
    int rows = in == 0 ? 0 : (int) (x.shape().size() / in);
    return ctx.ops().constant(HostTensor.ofFloats(Shape.of(in, in), RegMean.gram(x.toFloatArray(), rows, in)), "gram");
  }

  /** While checking: an f32 [in, in] tensor, so that dicts of Grams can be saved and indexed before running. */
  private static TensorValue abstractGram(SymShape inputs) {
    Dim in = !inputs.hasRank() ? Dim.any() : inputs.rank() == 0 ? Dim.of(1) : inputs.dim(-1);
    return TensorOps.abstractTensor(SymShape.of(List.of(in, in)), DType.F32);
  }

  private static double[] weights(CallContext ctx, BoundArgs a, int models) {
    double[] out = new double[models];
    if (a.isNone("weights")) {
      Arrays.fill(out, 1.0);
      return out;
    }
    List<Value> w = a.list("weights");
    if (w.size() != models) {
      throw ctx.error("E0601", "fisher_merge got " + w.size() + " weights for " + models + " models.",
          a.span("weights"));
    }
    for (int i = 0; i < models; i++) {
      Value v = w.get(i);
      if (!(v instanceof Value.IntValue) && !(v instanceof Value.FloatValue)) {
        throw ctx.error("E0104", "weights must be numbers, got " + v.typeName() + ".", a.span("weights"));
      }
      out[i] = SettingValues.number(v);
    }
    return out;
  }

  private interface Merge {
    float[] run();
  }

  private static float[] run(CallContext ctx, BoundArgs a, Merge merge) {
    try {
      return merge.run();
    } catch (MergeException e) {
      throw ctx.error("E0601", e.getMessage(), a.callSpan());
    }
  }
}
