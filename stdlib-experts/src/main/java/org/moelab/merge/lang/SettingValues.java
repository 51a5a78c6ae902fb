package org.moelab.merge.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.moelab.merge.plan.ParamSetting;
import org.moelab.runtime.Value;

/** Converts language values to parameter settings: numbers, bools, strings, gradients, filter lists. */
final class SettingValues {
  private SettingValues() {}

  /** The setting for {@code v}, or null if it has no meaning as a parameter. */
  static ParamSetting setting(Value v) {
    if (v instanceof Value.IntValue i) {
      return new ParamSetting.Scalar((double) i.value());
    }
    if (v instanceof Value.FloatValue f) {
      return new ParamSetting.Scalar(f.value());
    }
    if (v instanceof Value.BoolValue b) {
      return new ParamSetting.Scalar(b.value());
    }
    if (v instanceof Value.StrValue s) {
      return new ParamSetting.Scalar(s.value());
    }
    if (v instanceof Value.DictValue d) {
      return conditional(List.of(d));
    }
    if (v instanceof Value.ListValue l && !l.elements().isEmpty()) {
      if (l.elements().stream().allMatch(e -> e instanceof Value.IntValue || e instanceof Value.FloatValue)) {
        return new ParamSetting.Gradient(l.elements().stream().map(SettingValues::number).toList());
      }
      if (l.elements().stream().allMatch(e -> e instanceof Value.DictValue)) {
        return conditional(l.elements());
      }
    }
    return null;
  }

  private static ParamSetting conditional(List<Value> rules) {
    List<ParamSetting.Rule> out = new ArrayList<>();
    for (Value r : rules) {
      Map<String, Value> e = ((Value.DictValue) r).entries();
      Value filter = e.get("filter");
      ParamSetting value = e.containsKey("value") ? setting(e.get("value")) : null;
      if (value != null) {
        out.add(new ParamSetting.Rule(filter instanceof Value.StrValue s ? s.value() : null, value));
      }
    }
    return new ParamSetting.Conditional(out);
  }

  static double number(Value v) {
    return v instanceof Value.IntValue i ? i.value() : ((Value.FloatValue) v).value();
  }
}
