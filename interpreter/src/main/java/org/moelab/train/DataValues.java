package org.moelab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;
import org.moelab.tensor.HostTensor;
import org.moelab.types.SymShape;

/**
 * A {@link Dataset} as a language value: a struct {@code dataset} with fields {@code x}, {@code y},
 * {@code size} and {@code classes}. While checking, its tensors are abstract with the real shapes.
 */
final class DataValues {
  private DataValues() {}

  static Value toValue(CallContext ctx, Dataset d) {
    Map<String, Value> f = new LinkedHashMap<>();
    f.put("x", tensor(ctx, d.x(), "x"));
    f.put("y", tensor(ctx, d.y(), "y"));
    f.put("size", Value.of((long) d.size()));
    List<Value> names = new ArrayList<>();
    d.classes().forEach(c -> names.add(Value.of(c)));
    f.put("classes", new Value.ListValue(names));
    return new Value.StructValue("dataset", f);
  }

  private static TensorValue tensor(CallContext ctx, HostTensor t, String label) {
    return ctx.isChecking() ? TensorOps.abstractTensor(SymShape.of(t.shape()), t.dtype()) : ctx.ops().constant(t, label);
  }

  /** True for a dataset struct or a dict with x and y (or an unknown value while checking). */
  static boolean isDataset(Value v) {
    return v instanceof UnknownValue || fields(v) != null;
  }

  /** The dataset a value stands for (running only). */
  static Dataset of(CallContext ctx, Value v, SourceSpan span) {
    Map<String, Value> f = fields(v);
    if (f == null || !(f.get("x") instanceof TensorValue x) || !(f.get("y") instanceof TensorValue y)) {
      throw ctx.error("E0104", "Expected a dataset (x and y tensors), got " + v.typeName() + ".", span,
          "Load one with load_csv(...), or build one with dataset(x, y).");
    }
    List<String> classes = new ArrayList<>();
    if (f.get("classes") instanceof Value.ListValue l) {
      l.elements().forEach(e -> classes.add(e.toString()));
    }
    try {
      return new Dataset(ctx.host(x), ctx.host(y), classes);
    } catch (IllegalArgumentException e) {
      throw ctx.error("E0201", "Invalid dataset: " + e.getMessage() + ".", span);
    }
  }

  /** The abstract x and y of a dataset value while checking (unknown when not known). */
  static TensorValue field(Value v, String name) {
    Map<String, Value> f = fields(v);
    return f != null && f.get(name) instanceof TensorValue t ? t
        : TensorOps.abstractTensor(SymShape.unknownRank(), org.moelab.tensor.DType.F32);
  }

  private static Map<String, Value> fields(Value v) {
    if (v instanceof Value.StructValue s && s.kind().equals("dataset")) {
      return s.fields();
    }
    if (v instanceof Value.DictValue d && d.entries().containsKey("x") && d.entries().containsKey("y")) {
      return d.entries();
    }
    return null;
  }
}
