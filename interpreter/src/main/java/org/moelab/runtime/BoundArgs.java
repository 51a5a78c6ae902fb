package org.moelab.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.moelab.runtime.Value.BoolValue;
import org.moelab.runtime.Value.FloatValue;
import org.moelab.runtime.Value.IntValue;
import org.moelab.runtime.Value.ListValue;
import org.moelab.runtime.Value.NoneValue;
import org.moelab.runtime.Value.StrValue;
import org.moelab.source.SourceSpan;

/**
 * Arguments bound to a built-in's parameters by name, with typed accessors. Accessors convert
 * (lists to tensors, ints to floats) and report mistakes at the argument's span.
 */
public final class BoundArgs {
  private final Map<String, Value> values;
  private final Map<String, SourceSpan> spans;
  private final SourceSpan callSpan;
  private final CallContext ctx;

  BoundArgs(Map<String, Value> values, Map<String, SourceSpan> spans, SourceSpan callSpan, CallContext ctx) {
    this.values = values;
    this.spans = spans;
    this.callSpan = callSpan;
    this.ctx = ctx;
  }

  /** The raw value of parameter {@code name}. */
  public Value get(String name) {
    Value v = values.get(name);
    if (v == null) {
      throw new IllegalStateException("no parameter '" + name + "' bound");
    }
    return v;
  }

  /** True when parameter {@code name} is none (or unbound). */
  public boolean isNone(String name) {
    return !values.containsKey(name) || values.get(name) instanceof NoneValue;
  }

  /** True when the parameter's value is unknown (checking only). */
  public boolean isUnknown(String name) {
    return values.get(name) instanceof UnknownValue;
  }

  /** The span of the argument given for {@code name}, or of the call if it was defaulted. */
  public SourceSpan span(String name) {
    return spans.getOrDefault(name, callSpan);
  }

  /** The span of the whole call. */
  public SourceSpan callSpan() {
    return callSpan;
  }

  /** An int parameter. Unknown ints (while checking) read as {@code whenUnknown}. */
  public long integer(String name, long whenUnknown) {
    Value v = get(name);
    return v instanceof IntValue i ? i.value() : whenUnknown;
  }

  /** An int parameter that must be known. */
  public long integer(String name) {
    Value v = get(name);
    if (v instanceof IntValue i) {
      return i.value();
    }
    throw ctx.error("E0104", "Argument '" + name + "' must be an int, got " + v.typeName() + ".", span(name));
  }

  /** A float parameter (ints widen). NaN when unknown. */
  public double real(String name) {
    Value v = get(name);
    if (v instanceof FloatValue f) {
      return f.value();
    }
    if (v instanceof IntValue i) {
      return i.value();
    }
    return Double.NaN;
  }

  /** A bool parameter; {@code whenUnknown} when unknown. */
  public boolean bool(String name, boolean whenUnknown) {
    return get(name) instanceof BoolValue b ? b.value() : whenUnknown;
  }

  /** A string parameter; null when unknown. */
  public String string(String name) {
    return get(name) instanceof StrValue s ? s.value() : null;
  }

  /** A list parameter's elements; empty when unknown. */
  public List<Value> list(String name) {
    return get(name) instanceof ListValue l ? l.elements() : List.of();
  }

  /** A tensor parameter, converting numbers and nested lists. */
  public TensorValue tensor(String name) {
    return ctx.toTensor(get(name), span(name));
  }

  /** A shape parameter as dims (ints, or unknown). */
  public List<org.moelab.types.Dim> shape(String name) {
    Value v = get(name);
    List<Value> items = v instanceof ListValue l ? l.elements() : List.of(v);
    List<org.moelab.types.Dim> dims = new ArrayList<>();
    for (Value item : items) {
      if (item instanceof IntValue i) {
        if (i.value() < 0 && i.value() != -1) {
          throw ctx.error("E0111", "Shape dimension " + i.value() + " is negative.", span(name));
        }
        dims.add(org.moelab.types.Dim.of(i.value()));
      } else if (item instanceof UnknownValue) {
        dims.add(org.moelab.types.Dim.any());
      } else {
        throw ctx.error("E0104", "A shape must be a list of ints, got " + item.typeName() + " in it.", span(name));
      }
    }
    return dims;
  }

  /**
   * The seed parameter {@code name}: none draws the session's next seed; an int is used as given
   * (mixed with the copy index inside {@code experts NAME[N] = ...}, see {@link CallContext#seed}).
   */
  public long seed(String name) {
    Value v = get(name);
    if (v instanceof IntValue i) {
      return ctx.seed(i.value());
    }
    if (v instanceof NoneValue) {
      return ctx.nextSeed();
    }
    if (v instanceof UnknownValue) {
      return 0;
    }
    throw ctx.error("E0104", name + " must be an int or none, got " + v.typeName() + ".", span(name));
  }

  /** A callable parameter. */
  public Callable callable(String name) {
    Value v = get(name);
    if (v instanceof Callable c) {
      return c;
    }
    throw ctx.error("E0104", "Argument '" + name + "' must be callable, got " + v.typeName() + ".", span(name));
  }

  /** The context the call runs in. */
  public CallContext ctx() {
    return ctx;
  }
}
