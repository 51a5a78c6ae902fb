package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.moelab.runtime.Callable;
import org.moelab.runtime.HasAttributes;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * An expert-system component: an expert, a router or a layer. Callable on tensors, with named
 * parameters readable as attributes ({@code ffn[0].w1}) and a kind that declarations check.
 */
public interface Component extends Callable, HasAttributes {
  /** {@code expert}, {@code router} or {@code layer}. */
  String kind();

  /** Parameters by name, in a stable order. */
  Map<String, TensorValue> parameters();

  /** Non-tensor settings shown as attributes (k, renorm, ...). */
  default Map<String, Value> settings() {
    return Map.of();
  }

  @Override
  default Optional<Value> attribute(String name) {
    Value p = parameters().get(name);
    return p != null ? Optional.of(p) : Optional.ofNullable(settings().get(name));
  }

  @Override
  default List<String> attributeNames() {
    List<String> names = new ArrayList<>(parameters().keySet());
    names.addAll(settings().keySet());
    return names;
  }
}
