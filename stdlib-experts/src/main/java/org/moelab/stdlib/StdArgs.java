package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Callable;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/** Reading stdlib arguments: dimensions, seeds, components and gates. */
final class StdArgs {
  private StdArgs() {}

  /** A positive dimension argument (unknown while checking gives an unknown dimension). */
  static Dim dim(CallContext ctx, BoundArgs a, String name) {
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
  static long seed(CallContext ctx, BoundArgs a) {
    if (a.get("seed") instanceof Value.IntValue i) {
      return i.value();
    }
    return ctx.nextSeed();
  }

  /** A gate given as a linear layer or a {@code [E, d]} weight tensor. */
  static LinearLayer gate(CallContext ctx, BoundArgs a, String name) {
    Value v = a.get(name);
    if (v instanceof LinearLayer l) {
      return l;
    }
    if (v instanceof TensorValue || v instanceof Value.ListValue) {
      TensorValue w = a.tensor(name);
      if (w.shape().hasRank() && w.shape().rank() != 2) {
        throw ctx.error("E0201", "A gate weight must have shape [E, d], got " + w.shape() + ".", a.span(name));
      }
      return new LinearLayer(w, null);
    }
    if (v instanceof UnknownValue) {
      return new LinearLayer(org.moelab.runtime.TensorOps.abstractTensor(
          org.moelab.types.SymShape.of(List.of(Dim.any(), Dim.any())), org.moelab.tensor.DType.F32), null);
    }
    throw ctx.error("E0104", name + " must be a linear layer or an [E, d] weight tensor, got " + v.typeName() + ".",
        a.span(name), "Write linear(d, E) or pass the checkpoint's gate.weight tensor.");
  }

  /** A list of experts: stdlib components or any callable from tensors to tensors. */
  static List<Callable> experts(CallContext ctx, BoundArgs a, String name) {
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
