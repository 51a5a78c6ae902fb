package org.moelab.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An op's attributes: an immutable, ordered map from name to a value that is a {@code Long},
 * {@code Double}, {@code Boolean}, {@code String}, {@link Constant} or a list of longs. Equal
 * attributes give equal nodes (hash-consing relies on it).
 */
public final class Attrs {
  private static final Attrs EMPTY = new Attrs(new TreeMap<>());
  private final Map<String, Object> values;

  private Attrs(TreeMap<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** No attributes. */
  public static Attrs none() {
    return EMPTY;
  }

  /** Attributes from alternating names and values: {@code Attrs.of("axis", 1L, "keepdims", true)}. */
  public static Attrs of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Attrs.of needs name/value pairs");
    }
    TreeMap<String, Object> map = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], normalize(namesAndValues[i + 1]));
    }
    return new Attrs(map);
  }

  /** A copy with one attribute added or replaced. */
  public Attrs with(String name, Object value) {
    TreeMap<String, Object> map = new TreeMap<>(values);
    map.put(name, normalize(value));
    return new Attrs(map);
  }

  private static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof long[] arr) {
      List<Long> list = new ArrayList<>(arr.length);
      for (long x : arr) {
        list.add(x);
      }
      return List.copyOf(list);
    }
    if (v instanceof int[] arr) {
      List<Long> list = new ArrayList<>(arr.length);
      for (int x : arr) {
        list.add((long) x);
      }
      return List.copyOf(list);
    }
    if (v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String
        || v instanceof Constant) {
      return v;
    }
    throw new IllegalArgumentException("unsupported attribute value " + v);
  }

  /** True when {@code name} is set. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** A long attribute. */
  public long getLong(String name) {
    return (Long) require(name);
  }

  /** An int attribute (a long that fits). */
  public int getInt(String name) {
    return Math.toIntExact(getLong(name));
  }

  /** A double attribute. */
  public double getDouble(String name) {
    Object v = require(name);
    return v instanceof Long l ? l : (Double) v;
  }

  /** A boolean attribute. */
  public boolean getBool(String name) {
    return (Boolean) require(name);
  }

  /** A string attribute. */
  public String getString(String name) {
    return (String) require(name);
  }

  /** A constant attribute. */
  public Constant getConstant(String name) {
    return (Constant) require(name);
  }

  /** A long-array attribute. */
  @SuppressWarnings("unchecked")
  public long[] getLongs(String name) {
    List<Long> list = (List<Long>) require(name);
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** An int-array attribute. */
  public int[] getInts(String name) {
    long[] longs = getLongs(name);
    int[] out = new int[longs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.toIntExact(longs[i]);
    }
    return out;
  }

  /** All attributes, ordered by name. */
  public Map<String, Object> asMap() {
    return values;
  }

  private Object require(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalStateException("missing attribute '" + name + "' in " + values);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attrs other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    values.forEach((k, v) -> {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(k).append('=').append(v);
    });
    return out.toString();
  }
}
