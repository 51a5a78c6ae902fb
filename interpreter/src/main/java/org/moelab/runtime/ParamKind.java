package org.moelab.runtime;

import org.moelab.runtime.Value.BoolValue;
import org.moelab.runtime.Value.DictValue;
import org.moelab.runtime.Value.FloatValue;
import org.moelab.runtime.Value.IntValue;
import org.moelab.runtime.Value.ListValue;
import org.moelab.runtime.Value.NoneValue;
import org.moelab.runtime.Value.StrValue;

/** The kinds of values a built-in parameter accepts; checked when arguments are bound. */
public enum ParamKind {
  ANY("any"),
  INT("int"),
  /** A float; ints are accepted and widened. */
  FLOAT("float"),
  BOOL("bool"),
  STR("str"),
  LIST("list"),
  DICT("dict"),
  /** A tensor; nested lists of numbers and plain numbers are accepted and converted. */
  TENSOR("tensor"),
  /** A list of ints describing a shape (an int alone is a 1-D shape). */
  SHAPE("shape"),
  /** Anything callable: functions, experts, routers, layers. */
  CALLABLE("callable"),
  /** A value that may be none. */
  OPTIONAL("any or none");

  private final String label;

  ParamKind(String label) {
    this.label = label;
  }

  /** How the kind prints in signatures and messages. */
  public String label() {
    return label;
  }

  /** True when {@code v} is acceptable for this kind (unknown values are always acceptable). */
  public boolean accepts(Value v) {
    if (v instanceof UnknownValue) {
      return true;
    }
    return switch (this) {
      case ANY, OPTIONAL -> true;
      case INT -> v instanceof IntValue;
      case FLOAT -> v instanceof FloatValue || v instanceof IntValue;
      case BOOL -> v instanceof BoolValue;
      case STR -> v instanceof StrValue;
      case LIST -> v instanceof ListValue;
      case DICT -> v instanceof DictValue;
      case TENSOR -> v instanceof TensorValue || v instanceof ListValue
          || v instanceof FloatValue || v instanceof IntValue || v instanceof BoolValue;
      case SHAPE -> v instanceof ListValue || v instanceof IntValue;
      case CALLABLE -> v instanceof Callable;
    } || (this == OPTIONAL && v instanceof NoneValue);
  }
}
