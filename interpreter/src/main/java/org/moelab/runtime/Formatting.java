package org.moelab.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How values print: numbers without needless digits, lists and dicts in source syntax. */
public final class Formatting {
  private Formatting() {}

  /** A double the way the language prints it: {@code 3}, {@code 0.5}, {@code 1e-06}. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      String[] parts = s.split("e");
      return stripZeros(parts[0]) + "e" + parts[1];
    }
    return stripZeros(s);
  }

  /** A tensor element, printed with 4 significant decimals. */
  public static String element(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return number(v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String stripZeros(String s) {
    if (!s.contains(".")) {
      return s;
    }
    String t = s.replaceAll("0+$", "");
    return t.endsWith(".") ? t + "0" : t;
  }

  /** {@code [1, 2, 3]}. */
  public static String list(List<Value> values) {
    return values.stream().map(Formatting::repr).collect(Collectors.joining(", ", "[", "]"));
  }

  /** <code>{"a": 1}</code>. */
  public static String dict(Map<String, Value> entries) {
    return entries.entrySet().stream()
        .map(e -> quote(e.getKey()) + ": " + repr(e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** A value inside a container: strings quoted. */
  public static String repr(Value v) {
    return v instanceof Value.StrValue s ? quote(s.value()) : v.toString();
  }

  /** A string in double quotes with escapes. */
  public static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
