package org.moelab.builtins;

import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.Value;

/** Short names for declaring built-in parameters. */
final class Params {
  private Params() {}

  static Param tensor(String name, String doc) {
    return Param.required(name, ParamKind.TENSOR, doc);
  }

  static Param req(String name, ParamKind kind, String doc) {
    return Param.required(name, kind, doc);
  }

  static Param opt(String name, ParamKind kind, Value dflt, String doc) {
    return Param.optional(name, kind, dflt, doc);
  }

  static Param optInt(String name, long dflt, String doc) {
    return Param.optional(name, ParamKind.INT, Value.of(dflt), doc);
  }

  static Param optFloat(String name, double dflt, String doc) {
    return Param.optional(name, ParamKind.FLOAT, Value.of(dflt), doc);
  }

  static Param optBool(String name, boolean dflt, String doc) {
    return Param.optional(name, ParamKind.BOOL, Value.of(dflt), doc);
  }

  static Param optNone(String name, String doc) {
    return Param.optional(name, ParamKind.OPTIONAL, Value.NoneValue.NONE, doc);
  }

  static Param axis() {
    return optInt("axis", -1, "The axis to work along; negative counts from the end.");
  }
}
