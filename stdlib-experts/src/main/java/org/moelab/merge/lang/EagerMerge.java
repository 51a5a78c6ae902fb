package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.moelab.merge.MergeException;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.MergeOptions;
import org.moelab.merge.ModelParams;
import org.moelab.merge.TensorInputs;
import org.moelab.merge.TensorMerge;
import org.moelab.merge.plan.LayerNames;
import org.moelab.merge.plan.ParamResolver;
import org.moelab.merge.plan.ParamSetting;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Merges of in-memory models: dicts of tensors (name → tensor, merged per name, with gradients
 * and filters resolved as for checkpoints) or single tensors. Computed at once, in f32.
 */
final class EagerMerge {
  private EagerMerge() {}

  static Value merge(MergeMethod method, CallContext ctx, BoundArgs a) {
    List<Value> models = a.list("models");
    Value base = method.base() == MergeMethod.Base.NONE || a.isNone("base") ? null : a.get("base");
    if (ctx.isChecking()) {
      return models.get(0) instanceof TensorValue t ? t : new UnknownValue(UnknownValue.Kind.DICT);
    }
    ParamResolver resolver = new ParamResolver(method, LazyMerge.settings(MergeCalls.globals(method, a)));
    List<Map<String, ParamSetting>> own = new ArrayList<>();
    MergeCalls.modelParams(method, a, models.size()).forEach(p -> own.add(LazyMerge.settings(p)));
    if (models.get(0) instanceof TensorValue) {
      return tensor(method, ctx, a, resolver, own, "tensor", 0.0, base, models);
    }
    Map<String, TensorValue> reference = tensors(ctx, a, base != null ? base : models.get(0));
    int layers = (int) reference.keySet().stream().map(LayerNames::layerOf).filter(OptionalInt::isPresent)
        .mapToInt(OptionalInt::getAsInt).distinct().count();
    Map<String, Value> out = new LinkedHashMap<>();
    for (String name : reference.keySet()) {
      OptionalInt layer = LayerNames.layerOf(name);
      double t = layer.isPresent() ? (layers > 1 ? layer.getAsInt() / (double) (layers - 1) : 0.0)
          : LayerNames.depthOfNonLayer(name);
      List<Value> inputs = new ArrayList<>();
      for (Value m : models) {
        inputs.add(entry(ctx, a, m, name));
      }
      out.put(name, tensor(method, ctx, a, resolver, own, name, t, base == null ? null : entry(ctx, a, base, name),
          inputs));
    }
    return new Value.DictValue(out);
  }

  private static TensorValue tensor(MergeMethod method, CallContext ctx, BoundArgs a, ParamResolver resolver,
      List<Map<String, ParamSetting>> own, String name, double t, Value base, List<Value> models) {
    List<ModelParams> params = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      params.add(resolver.model(own.get(i), name, t, "model " + (i + 1)));
    }
    MergeOptions options = resolver.options(name, t);
    if (!resolver.problems().isEmpty()) {
      throw ctx.error("E0601", String.join(" ", resolver.problems()), a.callSpan());
    }
    HostTensor first = ctx.host(ctx.toTensor(models.get(0), a.span("models")));
    List<float[]> values = new ArrayList<>();
    for (Value m : models) {
      HostTensor h = ctx.host(ctx.toTensor(m, a.span("models")));
      checkShape(ctx, a, name, first, h);
      values.add(h.toFloatArray());
    }
    float[] baseValues = null;
    if (base != null) {
      HostTensor h = ctx.host(ctx.toTensor(base, a.span("base")));
      checkShape(ctx, a, name, first, h);
      baseValues = h.toFloatArray();
    }
    try {
      float[] merged = TensorMerge.merge(method, new TensorInputs(name, first.shape().dims(), baseValues, values),
          params, options);
      return ctx.ops().constant(HostTensor.ofFloats(Shape.of(first.shape().dims()), merged), name);
    } catch (MergeException e) {
      throw ctx.error("E0601", e.getMessage(), a.callSpan());
    }
  }

  private static void checkShape(CallContext ctx, BoundArgs a, String name, HostTensor first, HostTensor other) {
    if (!other.shape().equals(first.shape())) {
      throw ctx.error("E0601", "'" + name + "' is " + other.shape() + " in one model but " + first.shape()
          + " in another; only tensors of equal shape can be merged.", a.callSpan());
    }
  }

  private static Map<String, TensorValue> tensors(CallContext ctx, BoundArgs a, Value v) {
    if (!(v instanceof Value.DictValue d)) {
      throw ctx.error("E0104", "Models must all be dicts of tensors, got " + v.typeName() + ".", a.span("models"));
    }
    Map<String, TensorValue> out = new LinkedHashMap<>();
    d.entries().forEach((k, e) -> out.put(k, ctx.toTensor(e, a.span("models"))));
    return out;
  }

  private static Value entry(CallContext ctx, BoundArgs a, Value model, String name) {
    Map<String, TensorValue> t = tensors(ctx, a, model);
    if (!t.containsKey(name)) {
      throw ctx.error("E0601", "A model has no tensor '" + name + "'; every model needs the same names.",
          a.span("models"));
    }
    return t.get(name);
  }
}
