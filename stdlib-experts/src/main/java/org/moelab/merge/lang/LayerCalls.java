package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.moelab.merge.delta.SignConflict;
import org.moelab.merge.plan.LayerNames;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;

/**
 * Layer-wise merges of dicts of tensors: {@code layer_swap} (cross-lingual layer swapping) and
 * {@code mediator_merge} (average low-conflict layers, keep high-conflict ones per model as experts).
 * Layers are found by name as for mergekit gradients ({@code .layers.N.}, {@code .h.N.}, ...).
 */
final class LayerCalls {
  private LayerCalls() {}

  static List<SimpleBuiltin> builtins() {
    return List.of(
        SimpleBuiltin.of("layer_swap", "Replaces the layers in `layers` ([start, end) or a list of them) of `model` "
            + "with `donor`'s, plus tensors whose name contains an `include` substring.", "dict",
            LayerCalls::swap, Param.required("model", ParamKind.DICT, "The model to edit (a dict of tensors)."),
            Param.required("donor", ParamKind.DICT, "The model the layers come from."),
            Param.required("layers", ParamKind.LIST, "[start, end) or a list of such ranges."),
            Param.optional("include", ParamKind.LIST, new Value.ListValue(List.of()),
                "Name substrings of other tensors to take from the donor, such as \"embed\".")),
        SimpleBuiltin.of("mediator_merge", "Averages the task vectors of layers whose sign-conflict score is at "
            + "most `threshold` (none: the median) and keeps the others per model as experts. Returns {merged, "
            + "experts, conflict, routed_layers}.", "dict", LayerCalls::mediator,
            Param.required("models", ParamKind.LIST, "Fine-tuned models (dicts of tensors)."),
            Param.required("base", ParamKind.DICT, "Their common base."),
            Param.optional("threshold", ParamKind.OPTIONAL, Value.NoneValue.NONE,
                "Conflict score above which a layer is kept per model.")));
  }

  private static Value swap(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking()) {
      return new UnknownValue(UnknownValue.Kind.DICT);
    }
    Map<String, HostTensor> model = TensorDicts.model(ctx, a, "model", a.get("model"));
    Map<String, HostTensor> donor = TensorDicts.model(ctx, a, "donor", a.get("donor"));
    List<long[]> ranges = ranges(ctx, a);
    List<String> include = a.list("include").stream().map(Value::toString).toList();
    Map<String, Value> out = new LinkedHashMap<>();
    for (Map.Entry<String, HostTensor> e : model.entrySet()) {
      String name = e.getKey();
      OptionalInt layer = LayerNames.layerOf(name);
      boolean swapped = layer.isPresent() ? ranges.stream().anyMatch(r -> layer.getAsInt() >= r[0]
          && layer.getAsInt() < r[1]) : include.stream().anyMatch(name::contains);
      HostTensor t = e.getValue();
      if (swapped) {
        t = donor.get(name);
        if (t == null) {
          throw ctx.error("E0601", "The donor has no tensor '" + name + "' to swap in.", a.span("donor"));
        }
        TensorDicts.checkShape(ctx, a, "donor", name, t, e.getValue().shape());
      }
      out.put(name, ctx.ops().constant(t, name));
    }
    return new Value.DictValue(out);
  }

  private static List<long[]> ranges(CallContext ctx, BoundArgs a) {
    List<Value> given = a.list("layers");
    List<Value> items = !given.isEmpty() && given.get(0) instanceof Value.IntValue ? List.of(a.get("layers")) : given;
    List<long[]> out = new ArrayList<>();
    for (Value item : items) {
      if (!(item instanceof Value.ListValue l) || l.elements().size() != 2
          || !(l.elements().get(0) instanceof Value.IntValue s) || !(l.elements().get(1) instanceof Value.IntValue e)
          || s.value() < 0 || e.value() < s.value()) {
        throw ctx.error("E0111", "layers must be [start, end) with 0 ≤ start ≤ end, or a list of such pairs; got "
            + item + ".", a.span("layers"), "Write layers = [0, 4] or layers = [[0, 4], [28, 32]].");
      }
      out.add(new long[] {s.value(), e.value()});
    }
    return out;
  }

  private static Value mediator(CallContext ctx, BoundArgs a) {
    if (ctx.isChecking()) {
      return new UnknownValue(UnknownValue.Kind.DICT);
    }
    List<Map<String, HostTensor>> models = TensorDicts.models(ctx, a, "models");
    Map<String, HostTensor> base = TensorDicts.model(ctx, a, "base", a.get("base"));
    Map<String, List<float[]>> deltas = deltas(ctx, a, models, base);
    Map<Integer, Double> conflict = conflictByLayer(deltas);
    double threshold = a.isNone("threshold") ? median(conflict) : a.real("threshold");
    Map<String, Value> merged = new LinkedHashMap<>();
    List<Map<String, Value>> experts = new ArrayList<>();
    models.forEach(m -> experts.add(new LinkedHashMap<>()));
    for (Map.Entry<String, List<float[]>> e : deltas.entrySet()) {
      String name = e.getKey();
      OptionalInt layer = LayerNames.layerOf(name);
      HostTensor b = base.get(name);
      if (layer.isPresent() && conflict.get(layer.getAsInt()) > threshold) {
        for (int i = 0; i < models.size(); i++) {
          experts.get(i).put(name, ctx.ops().constant(models.get(i).get(name), name));
        }
        continue;
      }
      float[] mean = b.toFloatArray();
      for (float[] d : e.getValue()) {
        for (int i = 0; i < mean.length; i++) {
          mean[i] += d[i] / e.getValue().size();
        }
      }
      merged.put(name, ctx.ops().constant(HostTensor.ofFloats(b.shape(), mean), name));
    }
    return result(merged, experts, conflict, threshold);
  }

  private static Map<String, List<float[]>> deltas(CallContext ctx, BoundArgs a, List<Map<String, HostTensor>> models,
      Map<String, HostTensor> base) {
    Map<String, List<float[]>> out = new LinkedHashMap<>();
    for (Map.Entry<String, HostTensor> e : base.entrySet()) {
      float[] b = e.getValue().toFloatArray();
      List<float[]> ds = new ArrayList<>();
      for (int i = 0; i < models.size(); i++) {
        HostTensor t = TensorDicts.get(ctx, a, "models", models, i, e.getKey());
        TensorDicts.checkShape(ctx, a, "models", e.getKey(), t, e.getValue().shape());
        float[] d = t.toFloatArray();
        for (int j = 0; j < d.length; j++) {
          d[j] -= b[j];
        }
        ds.add(d);
      }
      out.put(e.getKey(), ds);
    }
    return out;
  }

  /** Per layer: conflicting elements / all elements of the layer's tensors. */
  private static Map<Integer, Double> conflictByLayer(Map<String, List<float[]>> deltas) {
    Map<Integer, long[]> counts = new TreeMap<>();
    deltas.forEach((name, ds) -> LayerNames.layerOf(name).ifPresent(layer -> {
      long[] c = counts.computeIfAbsent(layer, k -> new long[2]);
      c[0] += SignConflict.conflicts(ds);
      c[1] += ds.get(0).length;
    }));
    Map<Integer, Double> out = new TreeMap<>();
    counts.forEach((layer, c) -> out.put(layer, c[1] == 0 ? 0.0 : c[0] / (double) c[1]));
    return out;
  }

  private static double median(Map<Integer, Double> conflict) {
    double[] v = conflict.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static Value result(Map<String, Value> merged, List<Map<String, Value>> experts,
      Map<Integer, Double> conflict, double threshold) {
    Map<String, Value> scores = new LinkedHashMap<>();
    List<Value> routed = new ArrayList<>();
    conflict.forEach((layer, score) -> {
      scores.put(String.valueOf(layer), Value.of(score));
      if (score > threshold) {
        routed.add(Value.of((long) layer));
      }
    });
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("merged", new Value.DictValue(merged));
    out.put("experts", new Value.ListValue(experts.stream().map(e -> (Value) new Value.DictValue(e)).toList()));
    out.put("conflict", new Value.DictValue(scores));
    out.put("routed_layers", new Value.ListValue(routed));
    out.put("threshold", Value.of(threshold));
    return new Value.DictValue(out);
  }
}
