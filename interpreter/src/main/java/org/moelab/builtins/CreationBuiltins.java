package org.moelab.builtins;

import static org.moelab.builtins.Params.optFloat;
import static org.moelab.builtins.Params.optNone;
import static org.moelab.builtins.Params.req;

import java.util.List;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** Making tensors: literals with a dtype, filled tensors, ranges and seeded random tensors. */
final class CreationBuiltins {
  private CreationBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("tensor", "A tensor from a number or nested list, optionally converted to a dtype.", "tensor",
            (ctx, a) -> a.isNone("dtype") ? a.tensor("data") : ctx.ops().cast(a.tensor("data"), dtype(ctx, a)),
            req("data", ParamKind.TENSOR, "A number or a nested list of numbers."),
            optNone("dtype", "Target dtype name such as \"f32\" or \"i64\".")),
        SimpleBuiltin.of("zeros", "A tensor of zeros.", "tensor",
            (ctx, a) -> ctx.ops().full(shape(a), 0, dtype(ctx, a)), shapeParam(), dtypeParam()),
        SimpleBuiltin.of("ones", "A tensor of ones.", "tensor",
            (ctx, a) -> ctx.ops().full(shape(a), 1, dtype(ctx, a)), shapeParam(), dtypeParam()),
        SimpleBuiltin.of("full", "A tensor filled with one value.", "tensor",
            (ctx, a) -> ctx.ops().full(shape(a), a.real("value"), dtype(ctx, a)),
            shapeParam(), req("value", ParamKind.FLOAT, "The fill value."), dtypeParam()),
        SimpleBuiltin.of("arange", "The integers 0, 1, ..., n-1 as an i64 tensor.", "tensor i64",
            (ctx, a) -> ctx.ops().arange(dim(a.get("n")), DType.I64),
            req("n", ParamKind.INT, "How many.")),
        SimpleBuiltin.of("randn", "Normal samples N(mean, std²); the same seed gives the same bits on every backend.",
            "tensor", CreationBuiltins::randn,
            shapeParam(), optNone("seed", "An int seed; none draws the next seed of the session."),
            optFloat("std", 1.0, "Standard deviation."), optFloat("mean", 0.0, "Mean."), dtypeParam()),
        SimpleBuiltin.of("rand", "Uniform samples in [low, high); seeded like randn.", "tensor",
            (ctx, a) -> ctx.ops().randomUniform(shape(a), seed(ctx, a), a.real("low"), a.real("high"), dtype(ctx, a)),
            shapeParam(), optNone("seed", "An int seed; none draws the next seed of the session."),
            optFloat("low", 0.0, "Lower bound."), optFloat("high", 1.0, "Upper bound (excluded)."), dtypeParam()));
  }

  private static Value randn(CallContext ctx, BoundArgs a) {
    double std = a.real("std");
    if (std < 0) {
      throw ctx.error("E0111", "std must be non-negative, got " + std + ".", a.span("std"));
    }
    return ctx.ops().randomNormal(shape(a), seed(ctx, a), a.real("mean"), std, dtype(ctx, a));
  }

  static long seed(CallContext ctx, BoundArgs a) {
    return a.seed("seed");
  }

  private static org.moelab.runtime.Param shapeParam() {
    return req("shape", ParamKind.SHAPE, "The shape, such as [4, 64, 256].");
  }

  private static org.moelab.runtime.Param dtypeParam() {
    return Params.opt("dtype", ParamKind.STR, Value.of("f32"), "The dtype name.");
  }

  static SymShape shape(BoundArgs a) {
    return SymShape.of(a.shape("shape"));
  }

  private static Dim dim(Value v) {
    return v instanceof Value.IntValue i ? Dim.of(i.value()) : Dim.any();
  }

  private static DType dtype(CallContext ctx, BoundArgs a) {
    return MathBuiltins.dtype(ctx, a);
  }

}
