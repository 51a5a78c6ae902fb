package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.Args;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** Reading stdlib arguments: dimensions, seeds, numbers in range, components and gates. */
public final class StdArgs {
  private StdArgs() {}

  /** A positive dimension argument (unknown while checking gives an unknown dimension). */
  public static Dim dim(CallContext ctx, BoundArgs a, String name) {
    Value v = a.get(name);
    if (v instanceof UnknownValue) {
      return Dim.any();
    }
    long n = a.integer(name);
    if (n < 1) {
      throw ctx.error("E0111", name + " must be a positive int, got " + n + ".", a.span(name));
    }
    return Dim.of(n);
  }

  /** The seed argument, or the session's next seed when none. */
  public static long seed(CallContext ctx, BoundArgs a) {
    return a.seed("seed");
  }

  /** A float argument that must lie in {@code (low, high]} (or {@code [low, high]} when {@code closedLow}). */
  public static double real(CallContext ctx, BoundArgs a, String name, double low, boolean closedLow, double high,
      String fix) {
    double v = a.real(name);
    if (Double.isNaN(v)) {
      return v;
    }
    boolean ok = (closedLow ? v >= low : v > low) && v <= high;
    if (!ok) {
      String range = Double.isInfinite(high) ? (closedLow ? "at least " : "greater than ") + fmt(low)
          : "in " + (closedLow ? "[" : "(") + fmt(low) + ", " + fmt(high) + "]";
      throw ctx.error("E0111", name + " must be " + range + ", got " + fmt(v) + ".", a.span(name), fix);
    }
    return v;
  }

  /** An int argument that must be at least {@code low}. */
  public static long atLeast(CallContext ctx, BoundArgs a, String name, long low, String fix) {
    long v = a.integer(name, low);
    if (v < low) {
      throw ctx.error("E0111", name + " must be at least " + low + ", got " + v + ".", a.span(name), fix);
    }
    return v;
  }

  private static String fmt(double v) {
    return Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : org.moelab.runtime.Formatting.number(v);
  }

  /** A gate given as a linear layer or a {@code [E, d]} weight tensor. */
  public static LinearLayer gate(CallContext ctx, BoundArgs a, String name) {
    Value v = a.get(name);
    if (v instanceof LinearLayer l) {
      return l;
    }
    if (v instanceof TensorValue || v instanceof Value.ListValue) {
      TensorValue w = a.tensor(name);
      if (w.shape().hasRank() && w.shape().rank() != 2) {
        throw ctx.error("E0201", "A gate weight must have shape [E, d], got " + w.shape() + ".", a.span(name),
            "Pass the checkpoint's gate.weight tensor, which has one row per expert.");
      }
      return new LinearLayer(w, null);
    }
    if (v instanceof UnknownValue) {
      return new LinearLayer(TensorOps.abstractTensor(SymShape.of(List.of(Dim.any(), Dim.any())), DType.F32), null);
    }
    throw ctx.error("E0104", name + " must be a linear layer or an [E, d] weight tensor, got " + v.typeName() + ".",
        a.span(name), "Write linear(d, E) or pass the checkpoint's gate.weight tensor.");
  }

  /**
   * A router's score: a linear layer, an {@code [E, d]} gate weight, or any callable from tokens to
   * logits (its number of columns is found by calling it on an abstract token).
   */
  public static Score score(CallContext ctx, BoundArgs a, String name) {
    Value v = a.get(name);
    if (v instanceof Callable c && !(v instanceof LinearLayer)) {
      TensorValue probe = TensorOps.abstractTensor(SymShape.of(List.of(Dim.of(1), Dim.any())), DType.F32);
      TensorValue out = ctx.toTensor(ctx.call(c, Args.of(a.span(name), probe)), a.span(name));
      Dim cols = out.shape().hasRank() && out.shape().rank() >= 1 ? out.shape().dim(-1) : Dim.any();
      return new Score.Function(c, cols);
    }
    return new Score.Linear(gate(ctx, a, name));
  }

  /** The number of columns a score gives, or a compile error when it cannot be known. */
  public static long columns(CallContext ctx, BoundArgs a, Score score, String name) {
    if (score.columns() instanceof Dim.Fixed f) {
      return f.size();
    }
    if (ctx.isChecking()) {
      return -1;
    }
    throw ctx.error("E0201", "Cannot tell how many experts this gate scores.", a.span(name),
        "Pass a linear layer, an [E, d] gate weight, or a function whose output width is known.");
  }

  /** A list of experts: stdlib components or any callable from tensors to tensors. */
  public static List<Callable> experts(CallContext ctx, BoundArgs a, String name) {
    Value v = a.get(name);
    if (v instanceof UnknownValue) {
      return null;
    }
    List<Callable> out = new ArrayList<>();
    for (Value e : a.list(name)) {
      if (!(e instanceof Callable c)) {
        throw ctx.error("E0104", name + " must be a list of experts (callables), found a " + e.typeName() + " in it.",
            a.span(name));
      }
      out.add(c);
    }
    return out;
  }
}
