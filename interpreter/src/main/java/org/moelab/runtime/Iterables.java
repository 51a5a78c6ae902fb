package org.moelab.runtime;

import java.util.ArrayList;
import java.util.List;
import org.moelab.source.SourceSpan;

/** What comprehensions iterate over: lists, dict keys, strings' characters, rows of a tensor. */
final class Iterables {
  private Iterables() {}

  /** The elements, or null when they are unknown (checking). */
  static List<Value> elements(CallContext ctx, Value v, SourceSpan span) {
    if (v instanceof Value.ListValue l) {
      return l.elements();
    }
    if (v instanceof Value.DictValue d) {
      return d.entries().keySet().stream().map(k -> (Value) new Value.StrValue(k)).toList();
    }
    if (v instanceof UnknownValue) {
      return null;
    }
    if (!(v instanceof TensorValue t)) {
      throw ctx.error("E0104", "Cannot iterate over a " + v.typeName() + ".", span,
          "Comprehensions iterate over lists, dicts (their keys), tensors (their rows) and range(n).");
    }
    if (t.isAbstract()) {
      return null;
    }
    if (!t.shape().hasRank() || t.shape().rank() == 0 || !(t.shape().dim(0) instanceof org.moelab.types.Dim.Fixed n)) {
      throw ctx.error("E0104", "Cannot iterate over a tensor of shape " + t.shape() + ".", span);
    }
    List<Value> rows = new ArrayList<>();
    for (long i = 0; i < n.size(); i++) {
      rows.add(Indexing.row(ctx, t, i));
    }
    return rows;
  }
}
