package org.moelab.merge.plan;

import java.util.List;

/**
 * A parameter value as mergekit configs write it: a scalar, a gradient (a list of numbers
 * interpolated over layer depth) or a list of conditional values chosen by name filter.
 */
public sealed interface ParamSetting {
  /**
   * The value for tensor {@code tensorName} at depth {@code t} in [0, 1], or null when no filter
   * matches (then the next level of parameters is consulted, as in mergekit).
   */
  Object evaluate(String tensorName, double t);

  /** A single value: a number, a bool or a string. */
  record Scalar(Object value) implements ParamSetting {
    @Override
    public Object evaluate(String tensorName, double t) {
      return value;
    }
  }

  /**
   * A gradient: {@code values} spread evenly over t ∈ [0, 1] and interpolated linearly
   * (mergekit's {@code evaluate_setting}: i0 = floor(t·(n−1)), frac = t·(n−1) − i0).
   */
  record Gradient(List<Double> values) implements ParamSetting {
    /** Copies the list. */
    public Gradient {
      values = List.copyOf(values);
    }

    @Override
    public Object evaluate(String tensorName, double t) {
      double scaled = t * (values.size() - 1);
      int i0 = (int) scaled;
      int i1 = Math.min(values.size() - 1, i0 + 1);
      double frac = scaled - i0;
      return (1 - frac) * values.get(i0) + frac * values.get(i1);
    }
  }

  /** One conditional value: applies when {@code filter} is null, {@code "*"} or a substring of the name. */
  record Rule(String filter, ParamSetting value) {
    boolean matches(String tensorName) {
      return filter == null || filter.equals("*") || tensorName.contains(filter);
    }
  }

  /** Conditional values: the first rule whose filter matches wins. */
  record Conditional(List<Rule> rules) implements ParamSetting {
    /** Copies the list. */
    public Conditional {
      rules = List.copyOf(rules);
    }

    @Override
    public Object evaluate(String tensorName, double t) {
      for (Rule r : rules) {
        if (r.matches(tensorName)) {
          return r.value().evaluate(tensorName, t);
        }
      }
      return null;
    }
  }
}
