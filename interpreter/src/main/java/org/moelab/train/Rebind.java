package org.moelab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.autodiff.Substitution;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * Applies a node substitution to every tensor inside a value (tensors, lists, dicts, structs):
 * how a traced result is re-targeted at trained parameters.
 */
final class Rebind {
  private Rebind() {}

  static Value apply(Value v, Substitution s) {
    if (v instanceof TensorValue t) {
      return t.isAbstract() ? t : TensorValue.of(s.apply(t.node()));
    }
    if (v instanceof Value.ListValue l) {
      List<Value> out = new ArrayList<>();
      l.elements().forEach(e -> out.add(apply(e, s)));
      return new Value.ListValue(out);
    }
    if (v instanceof Value.DictValue d) {
      return new Value.DictValue(map(d.entries(), s));
    }
    if (v instanceof Value.StructValue st) {
      return new Value.StructValue(st.kind(), map(st.fields(), s));
    }
    return v;
  }

  private static Map<String, Value> map(Map<String, Value> in, Substitution s) {
    Map<String, Value> out = new LinkedHashMap<>();
    in.forEach((k, e) -> out.put(k, apply(e, s)));
    return out;
  }
}
