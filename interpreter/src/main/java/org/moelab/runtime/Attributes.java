package org.moelab.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.moelab.ast.Expr;
import org.moelab.types.Dim;

/** {@code value.name}: tensor properties, struct fields and component attributes. */
final class Attributes {
  static final List<String> TENSOR = List.of("shape", "dtype", "ndim", "T");

  private Attributes() {}

  static Value get(CallContext ctx, Value target, Expr.Attribute a) {
    Optional<Value> v = Optional.empty();
    if (target instanceof TensorValue t) {
      v = tensor(ctx, t, a.name());
    } else if (target instanceof Value.StructValue s) {
      v = Optional.ofNullable(s.fields().get(a.name()));
    } else if (target instanceof HasAttributes h) {
      v = h.attribute(a.name());
    } else if (target instanceof UnknownValue) {
      v = Optional.of(UnknownValue.ANY);
    }
    return v.orElseThrow(() -> {
      List<String> names = names(target);
      return ctx.error("E0110", "A " + target.typeName() + " has no attribute '" + a.name() + "'.", a.nameSpan(),
          Suggest.closest(a.name(), names).map(s -> "did you mean '" + s + "'?")
              .orElse(names.isEmpty() ? null : "Its attributes are: " + String.join(", ", names) + "."));
    });
  }

  /** The attribute names of a value, for messages and completion. */
  static List<String> names(Value target) {
    if (target instanceof TensorValue) {
      return TENSOR;
    } else if (target instanceof Value.StructValue s) {
      return new ArrayList<>(s.fields().keySet());
    } else if (target instanceof HasAttributes h) {
      return h.attributeNames();
    }
    return List.of();
  }

  private static Optional<Value> tensor(CallContext ctx, TensorValue t, String name) {
    return switch (name) {
      case "shape" -> Optional.of(shapeValue(t));
      case "dtype" -> Optional.of(new Value.StrValue(t.dtype().languageName()));
      case "ndim" -> Optional.of(t.shape().hasRank() ? new Value.IntValue(t.shape().rank()) : new UnknownValue(UnknownValue.Kind.INT));
      case "T" -> Optional.of(ctx.ops().transpose(t));
      default -> Optional.empty();
    };
  }

  static Value shapeValue(TensorValue t) {
    if (!t.shape().hasRank()) {
      return new UnknownValue(UnknownValue.Kind.LIST);
    }
    List<Value> dims = new ArrayList<>();
    for (Dim d : t.shape().dims()) {
      dims.add(d instanceof Dim.Fixed f ? new Value.IntValue(f.size()) : new UnknownValue(UnknownValue.Kind.INT));
    }
    return new Value.ListValue(dims);
  }
}
