package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;

/**
 * Enumerative expert pruning [Lu et al. 2024, "Not All Experts are Equal"]: on calibration tokens,
 * every subset of {@code keep} experts is tried (the others' logits → −inf, which is the same as
 * slicing their gate rows out), and the subset whose layer output is closest to the full layer's in
 * Frobenius norm is kept (the first in lexicographic order on ties).
 */
final class ExpertPruning {
  private ExpertPruning() {}

  /**
   * The best subset.
   *
   * @param kept the kept experts, ascending
   * @param loss ‖F(x) − F_kept(x)‖_F
   * @param layer the pruned layer
   */
  record Result(long[] kept, double loss, MoeLayer layer) {}

  static Result prune(CallContext ctx, MoeLayer layer, TensorValue x, int keep) {
    TensorValue full = layer.apply(ctx, x);
    ctx.materialize(full);
    Result best = null;
    for (long[] subset : subsets(layer.experts().size(), keep)) {
      ctx.checkCancelled();
      MoeLayer pruned = ExpertEditing.keep(ctx, layer, subset);
      double loss = distance(ctx, full, pruned.apply(ctx, x));
      if (best == null || loss < best.loss()) {
        best = new Result(subset, loss, pruned);
      }
    }
    return best;
  }

  private static double distance(CallContext ctx, TensorValue a, TensorValue b) {
    TensorOps ops = ctx.ops();
    TensorValue d = ops.cast(ops.binary(Op.SUB, a, b), org.moelab.tensor.DType.F64);
    return Math.sqrt(ctx.host(ops.reduce(Op.SUM, ops.binary(Op.MUL, d, d), new int[0], false)).toDoubleArray()[0]);
  }

  /** All {@code k}-subsets of {@code 0..n-1} in lexicographic order. */
  static List<long[]> subsets(int n, int k) {
    List<long[]> out = new ArrayList<>();
    long[] cur = new long[k];
    for (int i = 0; i < k; i++) {
      cur[i] = i;
    }
    while (true) {
      out.add(cur.clone());
      int i = k - 1;
      while (i >= 0 && cur[i] == n - k + i) {
        i--;
      }
      if (i < 0) {
        return out;
      }
      cur[i]++;
      for (int j = i + 1; j < k; j++) {
        cur[j] = cur[j - 1] + 1;
      }
    }
  }
}
