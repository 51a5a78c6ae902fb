package org.moelab.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Node;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;

/**
 * {@code grad(f, x)} and {@code value_and_grad(f, x)}, JAX style: {@code f} returns a scalar tensor;
 * {@code x} is a tensor or a dict/list of tensors, and the gradient has the same structure.
 */
public final class AutodiffBuiltins {
  private AutodiffBuiltins() {}

  /** The built-ins of this package (discrete-routing helpers included). */
  public static List<Builtin> all() {
    List<Builtin> out = new ArrayList<>();
    out.add(SimpleBuiltin.of("grad", "The gradient of a scalar-valued function f at x (a tensor, or a dict or list "
            + "of tensors; the gradient has the same structure), by reverse-mode autodiff on the IR.", "like x",
        (ctx, a) -> differentiate(ctx, a).grad(), fParam(), xParam()));
    out.add(SimpleBuiltin.of("value_and_grad", "f(x) and its gradient at x, as a struct with .value and .grad.",
        "struct", (ctx, a) -> differentiate(ctx, a).toValue(), fParam(), xParam()));
    out.addAll(DiscreteBuiltins.all());
    return out;
  }

  private static Param fParam() {
    return Param.required("f", ParamKind.CALLABLE, "A function of x returning a scalar tensor.");
  }

  private static Param xParam() {
    return Param.required("x", ParamKind.ANY, "Where to differentiate: a tensor, or a dict or list of tensors.");
  }

  /** f(x) and ∂f/∂x. */
  private record Result(Value value, Value grad) {
    Value toValue() {
      Map<String, Value> f = new LinkedHashMap<>();
      f.put("value", value);
      f.put("grad", grad);
      return new Value.StructValue("value_and_grad", f);
    }
  }

  private static Result differentiate(CallContext ctx, BoundArgs a) {
    Callable f = a.callable("f");
    Value x = a.get("x");
    if (x instanceof UnknownValue) {
      return new Result(ctx.call(f, a.callSpan(), x), x);
    }
    requireFloatingTree(ctx, x, a.span("x"));
    if (ctx.isChecking()) {
      return new Result(scalarOutput(ctx, ctx.call(f, a.span("f"), x), a.span("f")), x);
    }
    Map<TensorValue, TensorValue> fresh = new IdentityHashMap<>();
    Value at = TensorTree.map(x, t -> fresh.computeIfAbsent(t, k -> ctx.ops().constant(ctx.host(k), "x")));
    TensorValue y = scalarOutput(ctx, ctx.call(f, a.span("f"), at), a.span("f"));
    List<TensorValue> leaves = new ArrayList<>(TensorTree.leaves(at).values());
    List<Node> grads = Gradients.of(y.node(), leaves.stream().map(TensorValue::node).toList());
    Map<Node, Node> gradOf = new IdentityHashMap<>();
    for (int i = 0; i < leaves.size(); i++) {
      gradOf.put(leaves.get(i).node(), grads.get(i));
    }
    return new Result(y, TensorTree.map(at, t -> TensorValue.of(gradOf.get(t.node()))));
  }

  private static void requireFloatingTree(CallContext ctx, Value x, SourceSpan span) {
    Map<String, TensorValue> leaves;
    try {
      leaves = TensorTree.leaves(x);
    } catch (IllegalArgumentException e) {
      throw ctx.error("E0104", "grad differentiates with respect to tensors: " + e.getMessage() + ".", span,
          "Pass a tensor, or a dict or list of tensors.");
    }
    leaves.forEach((path, t) -> {
      if (!t.dtype().isFloating()) {
        throw ctx.error("E0104", "Cannot differentiate with respect to x" + path + " of type " + t.typeName()
            + ": it is not floating point.", span, "Cast it first: cast(x, \"f32\").");
      }
    });
  }

  private static TensorValue scalarOutput(CallContext ctx, Value out, SourceSpan span) {
    if (!(out instanceof TensorValue t)) {
      throw ctx.error("E0104", "grad needs f to return a scalar tensor, got " + out.typeName() + ".", span);
    }
    boolean scalar = !t.shape().hasRank() || t.shape().dims().stream()
        .allMatch(d -> !(d instanceof org.moelab.types.Dim.Fixed fd) || fd.size() == 1);
    if (!scalar || !t.dtype().isFloating()) {
      throw ctx.error("E0201", "grad needs f to return a floating scalar, got " + t.typeName() + ".", span,
          "Reduce the output first, for example with sum(...) or mean(...).");
    }
    return t;
  }
}
