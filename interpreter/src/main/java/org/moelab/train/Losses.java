package org.moelab.train;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * Losses and metrics as graphs: softmax cross-entropy ({@code F.cross_entropy}, mean over
 * examples), mean squared error ({@code F.mse_loss}) and the number of correct argmax predictions.
 */
final class Losses {
  private Losses() {}

  static List<SimpleBuiltin> all() {
    return List.of(
        SimpleBuiltin.of("cross_entropy", "Softmax cross-entropy of logits [..., C] against class ids [...] (i64) or "
                + "class probabilities [..., C], averaged over examples (F.cross_entropy).", "tensor",
            (ctx, a) -> unranked(a.tensor("logits"), a.tensor("target")) ? scalar()
                : crossEntropy(ctx.ops(), a.tensor("logits"), a.tensor("target")),
            Param.required("logits", ParamKind.TENSOR, "Unnormalised scores."),
            Param.required("target", ParamKind.TENSOR, "Class ids or probabilities.")),
        SimpleBuiltin.of("mse", "Mean squared error mean((pred − target)²) (F.mse_loss).", "tensor",
            (ctx, a) -> unranked(a.tensor("pred"), a.tensor("target")) ? scalar()
                : mse(ctx.ops(), a.tensor("pred"), a.tensor("target")),
            Param.required("pred", ParamKind.TENSOR, "Predictions."), Param.required("target", ParamKind.TENSOR, "Targets.")),
        SimpleBuiltin.of("accuracy", "Fraction of rows whose argmax over the last axis equals the class id.", "tensor",
            (ctx, a) -> {
              TensorValue logits = a.tensor("logits");
              if (unranked(logits, a.tensor("target"))) {
                return scalar();
              }
              TensorValue correct = correct(ctx.ops(), logits, a.tensor("target"));
              return ctx.ops().binary(Op.DIV, correct,
                  ctx.ops().cast(ctx.ops().reduce(Op.SUM, ctx.ops().full(a.tensor("target").shape(), 1, DType.F32),
                      new int[0], false), DType.F32));
            },
            Param.required("logits", ParamKind.TENSOR, "Scores [..., C]."), Param.required("target", ParamKind.TENSOR, "Class ids.")));
  }

  /** True for checker tensors of unknown rank, where only "some scalar" can be said. */
  private static boolean unranked(TensorValue a, TensorValue b) {
    return !a.shape().hasRank() || !b.shape().hasRank();
  }

  private static TensorValue scalar() {
    return TensorOps.abstractTensor(org.moelab.types.SymShape.fixed(), DType.F32);
  }

  /** mean over examples of −Σ_c t_c log softmax(z)_c, t one-hot of integer targets. */
  static TensorValue crossEntropy(TensorOps ops, TensorValue logits, TensorValue target) {
    TensorValue z = ops.cast(logits, logits.dtype() == DType.F64 ? DType.F64 : DType.F32);
    TensorValue logp = ops.binary(Op.SUB, z, ops.logsumexp(z, -1, true));
    TensorValue probs = target.dtype().isFloating() ? ops.cast(target, z.dtype())
        : ops.oneHot(target, classes(logits), z.dtype());
    TensorValue perExample = ops.unary(Op.NEG, ops.reduce(Op.SUM, ops.binary(Op.MUL, probs, logp), new int[] {-1}, false));
    return ops.reduce(Op.MEAN, perExample, new int[0], false);
  }

  static TensorValue mse(TensorOps ops, TensorValue pred, TensorValue target) {
    TensorValue d = ops.binary(Op.SUB, pred, ops.cast(target, pred.dtype()));
    return ops.reduce(Op.MEAN, ops.binary(Op.MUL, d, d), new int[0], false);
  }

  /** Σ [argmax(logits) = target] as f32. */
  static TensorValue correct(TensorOps ops, TensorValue logits, TensorValue target) {
    TensorValue hit = ops.binary(Op.EQ, ops.argmax(logits, -1, false), ops.cast(target, DType.I64));
    return ops.reduce(Op.SUM, ops.cast(hit, DType.F32), new int[0], false);
  }

  private static long classes(TensorValue logits) {
    return logits.shape().hasRank() && logits.shape().dim(-1) instanceof Dim.Fixed f ? f.size() : 1;
  }
}
