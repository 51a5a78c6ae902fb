package org.moelab.builtins;

import static org.moelab.builtins.Params.req;
import static org.moelab.builtins.Params.tensor;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import java.util.function.DoubleUnaryOperator;
import org.moelab.tensor.DType;

/** Elementwise math: activations, exp/log, comparisons' companions, where and cast. */
final class MathBuiltins {
  private MathBuiltins() {}

  static List<Builtin> all() {
    List<Builtin> out = new ArrayList<>();
    unary(out, "exp", Op.EXP, Math::exp, "e raised to each element.");
    unary(out, "log", Op.LOG, Math::log, "Natural logarithm of each element.");
    unary(out, "sqrt", Op.SQRT, Math::sqrt, "Square root of each element.");
    unary(out, "abs", Op.ABS, Math::abs, "Absolute value of each element.");
    unary(out, "sign", Op.SIGN, Math::signum, "-1, 0 or 1 for each element.");
    unary(out, "sin", Op.SIN, Math::sin, "Sine of each element.");
    unary(out, "cos", Op.COS, Math::cos, "Cosine of each element.");
    unary(out, "tanh", Op.TANH, Math::tanh, "Hyperbolic tangent of each element.");
    unary(out, "sigmoid", Op.SIGMOID, x -> 1 / (1 + Math.exp(-x)), "Logistic sigmoid 1 / (1 + e^-x).");
    unary(out, "relu", Op.RELU, x -> Math.max(x, 0), "max(x, 0).");
    unary(out, "silu", Op.SILU, x -> x / (1 + Math.exp(-x)), "x · sigmoid(x) (SiLU, also called swish).");
    unary(out, "gelu", Op.GELU, null, "Exact GELU x · Φ(x) (erf form, PyTorch's default).");
    binary(out, "maximum", Op.MAXIMUM, "Elementwise maximum of two tensors (broadcast).");
    binary(out, "minimum", Op.MINIMUM, "Elementwise minimum of two tensors (broadcast).");
    out.add(SimpleBuiltin.of("where", "Elements of a where cond is true, else of b (all broadcast).", "tensor",
        (ctx, a) -> ctx.ops().where(a.tensor("cond"), a.tensor("a"), a.tensor("b")),
        tensor("cond", "Boolean mask."), tensor("a", "Values where true."), tensor("b", "Values where false.")));
    out.add(SimpleBuiltin.of("cast", "Converts a tensor to another dtype (f32, f16, bf16, f64, i64, i32, bool, ...).",
        "tensor", (ctx, a) -> ctx.ops().cast(a.tensor("x"), dtype(ctx, a)),
        tensor("x", "Input."), req("dtype", ParamKind.STR, "Target dtype name.")));
    return out;
  }

  static DType dtype(org.moelab.runtime.CallContext ctx, org.moelab.runtime.BoundArgs a) {
    String name = a.string("dtype");
    if (name == null) {
      return DType.F32;
    }
    return DType.fromLanguageName(name).orElseThrow(() -> ctx.error("E0111", "Unknown dtype '" + name + "'.",
        a.span("dtype"), "Use one of f32, f16, bf16, f64, i64, i32, i16, i8, u8, bool."));
  }

  /**
   * A unary function: elementwise on tensors; on a plain number (when {@code scalar} is given) it
   * computes the number directly, so {@code abs(a - b) < 0.1} stays a bool.
   */
  private static void unary(List<Builtin> out, String name, Op op, DoubleUnaryOperator scalar, String doc) {
    out.add(SimpleBuiltin.of(name, doc + (scalar != null ? " On a number, returns a number." : ""), "tensor or number",
        (ctx, a) -> {
          Value x = a.get("x");
          boolean number = x instanceof Value.FloatValue || x instanceof Value.IntValue;
          if (scalar != null && number) {
            double v = x instanceof Value.IntValue i ? i.value() : ((Value.FloatValue) x).value();
            double r = scalar.applyAsDouble(v);
            boolean keepInt = x instanceof Value.IntValue && (op == Op.ABS || op == Op.SIGN || op == Op.RELU);
            return keepInt ? Value.of((long) r) : Value.of(r);
          }
          return ctx.ops().unary(op, a.tensor("x"));
        },
        tensor("x", "Input tensor or number.")));
  }

  private static void binary(List<Builtin> out, String name, Op op, String doc) {
    out.add(SimpleBuiltin.of(name, doc, "tensor",
        (ctx, a) -> {
          TensorValue x = a.tensor("a");
          TensorValue y = a.tensor("b");
          return ctx.ops().binary(op, x, y);
        },
        tensor("a", "Left operand."), tensor("b", "Right operand.")));
  }
}
