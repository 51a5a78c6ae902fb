package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Models of the in-memory merges: dicts name → tensor, or single tensors (one entry named
 * {@code tensor}); results take the same form as the first model.
 */
final class TensorDicts {
  static final String SINGLE = "tensor";

  private TensorDicts() {}

  /** The models of list parameter {@code param}, all dicts or all tensors. */
  static List<Map<String, HostTensor>> models(CallContext ctx, BoundArgs a, String param) {
    List<Map<String, HostTensor>> out = new ArrayList<>();
    for (Value v : a.list(param)) {
      out.add(model(ctx, a, param, v));
    }
    if (out.isEmpty()) {
      throw ctx.error("E0601", param + " must not be empty.", a.span(param));
    }
    return out;
  }

  /** Whether list parameter {@code param} holds tensors rather than dicts. */
  static boolean single(BoundArgs a, String param) {
    return !a.list(param).isEmpty() && !(a.list(param).get(0) instanceof Value.DictValue);
  }

  /** One model: a dict of tensors, or a tensor as one entry. */
  static Map<String, HostTensor> model(CallContext ctx, BoundArgs a, String param, Value v) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    if (v instanceof Value.DictValue d) {
      d.entries().forEach((k, e) -> out.put(k, ctx.host(ctx.toTensor(e, a.span(param)))));
    } else {
      out.put(SINGLE, ctx.host(ctx.toTensor(v, a.span(param))));
    }
    return out;
  }

  /** Tensor {@code name} of {@code model} {@code index} (1-based in messages); fails naming both. */
  static HostTensor get(CallContext ctx, BoundArgs a, String param, List<Map<String, HostTensor>> models, int index,
      String name) {
    HostTensor t = models.get(index).get(name);
    if (t == null) {
      throw ctx.error("E0601", "Entry " + (index + 1) + " of " + param + " has no tensor '" + name
          + "'; every model needs the same names.", a.span(param));
    }
    return t;
  }

  /** Checks that {@code t} has {@code shape}. */
  static void checkShape(CallContext ctx, BoundArgs a, String param, String name, HostTensor t, Shape shape) {
    if (!t.shape().equals(shape)) {
      throw ctx.error("E0601", "'" + name + "' is " + t.shape() + " in " + param + " but " + shape
          + " in the first model; shapes must match.", a.span(param));
    }
  }

  /** The result: a dict of tensors, or the one tensor when the inputs were tensors. */
  static Value value(CallContext ctx, Map<String, float[]> values, Map<String, Shape> shapes, boolean single) {
    Map<String, Value> out = new LinkedHashMap<>();
    values.forEach((name, v) -> out.put(name, ctx.ops().constant(HostTensor.ofFloats(shapes.get(name), v), name)));
    if (single) {
      return (TensorValue) out.get(SINGLE);
    }
    return new Value.DictValue(out);
  }
}
