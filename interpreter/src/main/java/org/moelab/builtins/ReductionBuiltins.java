package org.moelab.builtins;

import static org.moelab.builtins.Params.axis;
import static org.moelab.builtins.Params.optBool;
import static org.moelab.builtins.Params.optFloat;
import static org.moelab.builtins.Params.optNone;
import static org.moelab.builtins.Params.req;
import static org.moelab.builtins.Params.tensor;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;

/** Reductions (sum, mean, max, min, argmax), scans and the softmax family. */
final class ReductionBuiltins {
  private ReductionBuiltins() {}

  static List<Builtin> all() {
    List<Builtin> out = new ArrayList<>();
    reduction(out, "sum", Op.SUM, "Sum over axes (all when axis is none); a list of numbers or tensors sums its elements.");
    reduction(out, "mean", Op.MEAN, "Mean over axes (all when axis is none); a list averages its elements.");
    reduction(out, "max", Op.MAX, "Maximum over axes (all when axis is none); a list gives its largest element.");
    reduction(out, "min", Op.MIN, "Minimum over axes (all when axis is none); a list gives its smallest element.");
    out.add(SimpleBuiltin.of("argmax", "Index of the first maximum along an axis.", "tensor i64",
        (ctx, a) -> ctx.ops().argmax(a.tensor("x"), (int) a.integer("axis", -1), a.bool("keepdims", false)),
        tensor("x", "Input."), axis(), optBool("keepdims", false, "Keep the reduced axis as size 1.")));
    out.add(SimpleBuiltin.of("cumsum", "Inclusive prefix sum along an axis.", "tensor",
        (ctx, a) -> ctx.ops().cumsum(a.tensor("x"), (int) a.integer("axis", -1)), tensor("x", "Input."), axis()));
    out.add(SimpleBuiltin.of("softmax", "softmax(x / temperature) along an axis, computed stably (max subtracted).",
        "tensor", (ctx, a) -> ctx.ops().softmax(scaled(ctx, a), (int) a.integer("axis", -1)),
        tensor("x", "Logits."), axis(), optFloat("temperature", 1.0, "Divides the logits first.")));
    out.add(SimpleBuiltin.of("log_softmax", "log(softmax(x)) along an axis, computed stably.", "tensor",
        (ctx, a) -> logSoftmax(ctx.ops(), a.tensor("x"), (int) a.integer("axis", -1)), tensor("x", "Logits."), axis()));
    out.add(SimpleBuiltin.of("logsumexp", "log Σ exp(x) along an axis, computed stably.", "tensor",
        (ctx, a) -> ctx.ops().logsumexp(a.tensor("x"), (int) a.integer("axis", -1), a.bool("keepdims", false)),
        tensor("x", "Input."), axis(), optBool("keepdims", false, "Keep the reduced axis as size 1.")));
    out.add(SimpleBuiltin.of("norm", "L2 norm along an axis.", "tensor",
        (ctx, a) -> {
          TensorValue x = a.tensor("x");
          int ax = (int) a.integer("axis", -1);
          return ctx.ops().unary(Op.SQRT, ctx.ops().reduce(Op.SUM, ctx.ops().binary(Op.MUL, x, x), new int[] {ax},
              a.bool("keepdims", false)));
        },
        tensor("x", "Input."), axis(), optBool("keepdims", false, "Keep the reduced axis as size 1.")));
    return out;
  }

  private static TensorValue scaled(CallContext ctx, BoundArgs a) {
    double t = a.real("temperature");
    if (t <= 0) {
      throw ctx.error("E0111", "temperature must be positive, got " + t + ".", a.span("temperature"));
    }
    TensorValue x = a.tensor("x");
    return t == 1.0 || Double.isNaN(t) ? x : ctx.ops().binaryScalar(Op.DIV, x, t, true, false);
  }

  /** Stable log-softmax along {@code axis}. */
  static TensorValue logSoftmax(TensorOps ops, TensorValue x, int axis) {
    return ops.binary(Op.SUB, x, ops.logsumexp(x, axis, true));
  }

  private static void reduction(List<Builtin> out, String name, Op op, String doc) {
    out.add(SimpleBuiltin.of(name, doc, "tensor or number", (ctx, a) -> reduce(ctx, a, op),
        req("x", ParamKind.ANY, "A tensor, or a list of numbers or tensors."),
        optNone("axis", "An axis or list of axes; none reduces all."),
        optBool("keepdims", false, "Keep reduced axes as size 1.")));
  }

  private static Value reduce(CallContext ctx, BoundArgs a, Op op) {
    Value x = a.get("x");
    if (x instanceof Value.ListValue list && !list.elements().stream().allMatch(e -> e instanceof Value.ListValue)) {
      return ListReductions.reduce(ctx, list, op, a.span("x"));
    }
    if (x instanceof UnknownValue) {
      return x;
    }
    return ctx.ops().reduce(op, a.tensor("x"), axes(ctx, a), a.bool("keepdims", false));
  }

  private static int[] axes(CallContext ctx, BoundArgs a) {
    Value v = a.get("axis");
    if (v instanceof Value.NoneValue) {
      return new int[0];
    }
    if (v instanceof Value.IntValue i) {
      return new int[] {(int) i.value()};
    }
    if (v instanceof Value.ListValue l) {
      int[] out = new int[l.elements().size()];
      for (int i = 0; i < out.length; i++) {
        if (!(l.elements().get(i) instanceof Value.IntValue n)) {
          throw ctx.error("E0104", "Axes must be ints.", a.span("axis"));
        }
        out[i] = (int) n.value();
      }
      return out;
    }
    throw ctx.error("E0104", "axis must be an int, a list of ints or none, got " + v.typeName() + ".", a.span("axis"));
  }
}
