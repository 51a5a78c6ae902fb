package org.moelab.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Node;
import org.moelab.tensor.DType;
import org.moelab.types.SymShape;

/**
 * A runtime value of the language. The checker runs the same evaluator on abstract values:
 * tensors without data ({@link TensorValue#node()} null) and {@link UnknownValue}s that stand for
 * any value of a kind.
 */
public sealed interface Value
    permits Value.IntValue, Value.FloatValue, Value.BoolValue, Value.StrValue, Value.NoneValue,
        Value.ListValue, Value.DictValue, Value.StructValue, TensorValue, UnknownValue, Callable {

  /** The type as users read it in messages, such as {@code int} or {@code tensor[4, 8] f32}. */
  String typeName();

  /** An integer. */
  record IntValue(long value) implements Value {
    @Override
    public String typeName() {
      return "int";
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A floating-point number. */
  record FloatValue(double value) implements Value {
    @Override
    public String typeName() {
      return "float";
    }

    @Override
    public String toString() {
      return Formatting.number(value);
    }
  }

  /** A boolean. */
  record BoolValue(boolean value) implements Value {
    @Override
    public String typeName() {
      return "bool";
    }

    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** A string. */
  record StrValue(String value) implements Value {
    @Override
    public String typeName() {
      return "str";
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** The absent value {@code none}. */
  record NoneValue() implements Value {
    /** The one instance. */
    public static final NoneValue NONE = new NoneValue();

    @Override
    public String typeName() {
      return "none";
    }

    @Override
    public String toString() {
      return "none";
    }
  }

  /** An immutable list. */
  record ListValue(List<Value> elements) implements Value {
    public ListValue {
      elements = List.copyOf(elements);
    }

    @Override
    public String typeName() {
      return "list";
    }

    @Override
    public String toString() {
      return Formatting.list(elements);
    }
  }

  /** An immutable map from string keys to values, in insertion order. */
  record DictValue(Map<String, Value> entries) implements Value {
    public DictValue {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String typeName() {
      return "dict";
    }

    @Override
    public String toString() {
      return Formatting.dict(entries);
    }
  }

  /**
   * A named record of fields read with {@code value.field}, such as the result of {@code
   * top_k} ({@code .values}, {@code .indices}) or a routing report.
   */
  record StructValue(String kind, Map<String, Value> fields) implements Value {
    public StructValue {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String typeName() {
      return kind;
    }

    @Override
    public String toString() {
      return kind + Formatting.dict(fields);
    }
  }

  /** Shorthand for an int. */
  static Value of(long v) {
    return new IntValue(v);
  }

  /** Shorthand for a float. */
  static Value of(double v) {
    return new FloatValue(v);
  }

  /** Shorthand for a bool. */
  static Value of(boolean v) {
    return new BoolValue(v);
  }

  /** Shorthand for a string. */
  static Value of(String v) {
    return new StrValue(v);
  }

  /** Used by {@link TensorValue} construction checks. */
  static boolean consistent(SymShape shape, DType dtype, Node node) {
    return node == null || (shape.isConcrete() && node.shape().equals(shape.toShape()) && node.dtype() == dtype);
  }
}
