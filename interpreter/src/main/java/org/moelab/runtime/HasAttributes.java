package org.moelab.runtime;

import java.util.List;
import java.util.Optional;

/** A value whose fields read as {@code value.name}: experts' parameters, reports, layers. */
public interface HasAttributes {
  /** The attribute called {@code name}, if it has one. */
  Optional<Value> attribute(String name);

  /** Every attribute name, for completion and error messages. */
  List<String> attributeNames();
}
