package org.moelab.autodiff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * A value made of tensors — a tensor, or dicts and lists of them, nested — flattened to its
 * leaves in a stable order and rebuilt with new leaves: how {@code grad} returns a gradient of the
 * same structure as its argument.
 */
public final class TensorTree {
  private TensorTree() {}

  /** The tensors of {@code v} with their paths ({@code w}, {@code ['gate']}, {@code [0]}), depth first. */
  public static Map<String, TensorValue> leaves(Value v) {
    Map<String, TensorValue> out = new LinkedHashMap<>();
    collect("", v, out);
    return out;
  }

  private static void collect(String path, Value v, Map<String, TensorValue> out) {
    if (v instanceof TensorValue t) {
      out.put(path, t);
    } else if (v instanceof Value.DictValue d) {
      d.entries().forEach((k, e) -> collect(path + "['" + k + "']", e, out));
    } else if (v instanceof Value.ListValue l) {
      for (int i = 0; i < l.elements().size(); i++) {
        collect(path + "[" + i + "]", l.elements().get(i), out);
      }
    } else {
      throw new IllegalArgumentException("x" + path + " is " + v.typeName() + ", not a tensor");
    }
  }

  /** {@code v} with each tensor replaced by {@code f} of it, structure kept. */
  public static Value map(Value v, Function<TensorValue, TensorValue> f) {
    if (v instanceof TensorValue t) {
      return f.apply(t);
    }
    if (v instanceof Value.DictValue d) {
      Map<String, Value> out = new LinkedHashMap<>();
      d.entries().forEach((k, e) -> out.put(k, map(e, f)));
      return new Value.DictValue(out);
    }
    if (v instanceof Value.ListValue l) {
      List<Value> out = new ArrayList<>();
      for (Value e : l.elements()) {
        out.add(map(e, f));
      }
      return new Value.ListValue(out);
    }
    throw new IllegalArgumentException(v.typeName() + " is not a tensor");
  }
}
