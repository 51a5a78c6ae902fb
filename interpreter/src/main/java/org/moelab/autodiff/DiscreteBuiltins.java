package org.moelab.autodiff;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * Gradients through discrete choices: {@code stop_gradient}, the straight-through estimator and
 * Gumbel-softmax (Jang et al. 2017; PyTorch's {@code F.gumbel_softmax}).
 */
final class DiscreteBuiltins {
  /** Uniform draws start here so that −log(−log u) stays finite. */
  private static final double TINY = 1e-20;

  private DiscreteBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("stop_gradient", "x unchanged, but no gradient flows through it.", "tensor",
            (ctx, a) -> stop(a.tensor("x")), Param.required("x", ParamKind.TENSOR, "Input.")),
        SimpleBuiltin.of("straight_through", "Straight-through estimator: the value of hard, the gradient of soft "
                + "(soft + stop_gradient(hard − soft)).", "tensor",
            (ctx, a) -> straightThrough(ctx.ops(), a.tensor("hard"), a.tensor("soft")),
            Param.required("hard", ParamKind.TENSOR, "The forward value (a discrete choice)."),
            Param.required("soft", ParamKind.TENSOR, "The relaxation whose gradient is used.")),
        SimpleBuiltin.of("gumbel_softmax", "softmax((logits + g) / tau) along the last axis with Gumbel noise "
                + "g = −log(−log u); with hard, the one-hot of its argmax with the soft sample's gradient "
                + "(F.gumbel_softmax).", "tensor", DiscreteBuiltins::gumbelSoftmax,
            Param.required("logits", ParamKind.TENSOR, "Unnormalised log-probabilities [..., n]."),
            Param.optional("tau", ParamKind.FLOAT, Value.of(1.0), "Temperature (> 0)."),
            Param.optional("hard", ParamKind.BOOL, Value.of(false), "Return one-hot samples (straight-through)."),
            Param.optional("seed", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Noise seed; none draws the session's next.")));
  }

  private static TensorValue stop(TensorValue x) {
    return x.isAbstract() ? x : TensorValue.of(Gradients.stopGradient(x.node()));
  }

  static TensorValue straightThrough(TensorOps ops, TensorValue hard, TensorValue soft) {
    TensorValue h = ops.cast(hard, soft.dtype());
    return ops.binary(Op.ADD, soft, stop(ops.binary(Op.SUB, h, soft)));
  }

  private static Value gumbelSoftmax(CallContext ctx, BoundArgs a) {
    TensorOps ops = ctx.ops();
    TensorValue logits = a.tensor("logits");
    double tau = a.real("tau");
    if (tau <= 0) {
      throw ctx.error("E0111", "tau must be positive, got " + tau + ".", a.span("tau"));
    }
    long seed = a.isNone("seed") ? ctx.nextSeed() : a.integer("seed");
    TensorValue u = ops.randomUniform(logits.shape(), seed, TINY, 1.0, logits.dtype());
    TensorValue gumbel = ops.unary(Op.NEG, ops.unary(Op.LOG, ops.unary(Op.NEG, ops.unary(Op.LOG, u))));
    TensorValue scaled = ops.binaryScalar(Op.DIV, ops.binary(Op.ADD, logits, gumbel), tau, true, false);
    TensorValue soft = ops.softmax(scaled, -1);
    if (!a.bool("hard", false)) {
      return soft;
    }
    long n = logits.shape().hasRank() && logits.shape().dim(-1) instanceof org.moelab.types.Dim.Fixed f ? f.size() : 1;
    TensorValue hard = ops.oneHot(ops.argmax(soft, -1, false), n, soft.dtype());
    return straightThrough(ops, hard, soft);
  }
}
