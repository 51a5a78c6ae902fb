package org.moelab.merge.plan;

import java.util.List;
import java.util.Objects;
import org.moelab.source.SourceSpan;

/**
 * A parameter value as mergekit configs write it: a scalar, a gradient (a list of numbers
 * interpolated over layer depth) or a list of conditional values chosen by name filter. Each
 * setting remembers where its value and its name are written ({@link SourceSpan#NONE} when it
 * was not read from a config), so plan problems can point at them.
 */
public sealed interface ParamSetting {
  /**
   * The value for tensor {@code tensorName} at depth {@code t} in [0, 1], or null when no filter
   * matches (then the next level of parameters is consulted, as in mergekit).
   */
  default Object evaluate(String tensorName, double t) {
    ParamSetting chosen = select(tensorName);
    return chosen == null ? null : chosen.evaluate(tensorName, t);
  }

  /**
   * The setting that gives {@code tensorName} its value: this one for a scalar or a gradient, the
   * first matching rule's for conditional values; null when no filter matches.
   */
  ParamSetting select(String tensorName);

  /** Where the value is written in its config, or {@link SourceSpan#NONE}. */
  SourceSpan at();

  /** Where the parameter's name (the mapping key) is written, or {@link SourceSpan#NONE}. */
  SourceSpan nameAt();

  /** A single value: a number, a bool or a string. */
  record Scalar(Object value, SourceSpan at, SourceSpan nameAt) implements ParamSetting {
    /** Checks the spans. */
    public Scalar {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(nameAt, "nameAt");
    }

    /** A value not read from a config. */
    public Scalar(Object value) {
      this(value, SourceSpan.NONE, SourceSpan.NONE);
    }

    @Override
    public Object evaluate(String tensorName, double t) {
      return value;
    }

    @Override
    public ParamSetting select(String tensorName) {
      return this;
    }
  }

  /**
   * A gradient: {@code values} spread evenly over t ∈ [0, 1] and interpolated linearly
   * (mergekit's {@code evaluate_setting}: i0 = floor(t·(n−1)), frac = t·(n−1) − i0).
   */
  record Gradient(List<Double> values, SourceSpan at, SourceSpan nameAt) implements ParamSetting {
    /** Copies the list. */
    public Gradient {
      values = List.copyOf(values);
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(nameAt, "nameAt");
    }

    /** A gradient not read from a config. */
    public Gradient(List<Double> values) {
      this(values, SourceSpan.NONE, SourceSpan.NONE);
    }

    @Override
    public Object evaluate(String tensorName, double t) {
      double scaled = t * (values.size() - 1);
      int i0 = (int) scaled;
      int i1 = Math.min(values.size() - 1, i0 + 1);
      double frac = scaled - i0;
      return (1 - frac) * values.get(i0) + frac * values.get(i1);
    }

    @Override
    public ParamSetting select(String tensorName) {
      return this;
    }
  }

  /** One conditional value: applies when {@code filter} is null, {@code "*"} or a substring of the name. */
  record Rule(String filter, ParamSetting value) {
    boolean matches(String tensorName) {
      return filter == null || filter.equals("*") || tensorName.contains(filter);
    }
  }

  /** Conditional values: the first rule whose filter matches wins. */
  record Conditional(List<Rule> rules, SourceSpan at, SourceSpan nameAt) implements ParamSetting {
    /** Copies the list. */
    public Conditional {
      rules = List.copyOf(rules);
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(nameAt, "nameAt");
    }

    /** Conditional values not read from a config. */
    public Conditional(List<Rule> rules) {
      this(rules, SourceSpan.NONE, SourceSpan.NONE);
    }

    @Override
    public ParamSetting select(String tensorName) {
      for (Rule r : rules) {
        if (r.matches(tensorName)) {
          return r.value().select(tensorName);
        }
      }
      return null;
    }
  }
}
