package org.moelab.train;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.moelab.ir.Node;
import org.moelab.runtime.HasAttributes;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * Finds the tensors of a model by name: a dict or list of tensors, or a component whose
 * attributes are tensors and other components ({@code experts.0.w1}, {@code router.gate}). A
 * tensor reachable under two names is one parameter (weight tying), named by its first path.
 */
final class ParameterCollector {
  private final Map<String, TensorValue> found = new LinkedHashMap<>();
  private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Object> visiting = Collections.newSetFromMap(new IdentityHashMap<>());

  private ParameterCollector() {}

  /** Floating tensors of {@code v} by dotted path, in discovery order. */
  static Map<String, TensorValue> collect(Value v) {
    ParameterCollector c = new ParameterCollector();
    c.visit("", v);
    return c.found;
  }

  private void visit(String path, Value v) {
    if (v instanceof TensorValue t) {
      if (t.dtype().isFloating() && (t.node() == null || seen.add(t.node()))) {
        found.put(path.isEmpty() ? "x" : path, t);
      }
      return;
    }
    if (!visiting.add(v)) {
      return;
    }
    if (v instanceof Value.DictValue d) {
      d.entries().forEach((k, e) -> visit(join(path, k), e));
    } else if (v instanceof Value.ListValue l) {
      for (int i = 0; i < l.elements().size(); i++) {
        visit(join(path, Integer.toString(i)), l.elements().get(i));
      }
    } else if (v instanceof HasAttributes h) {
      for (String name : h.attributeNames()) {
        h.attribute(name).ifPresent(e -> visit(join(path, name), e));
      }
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
