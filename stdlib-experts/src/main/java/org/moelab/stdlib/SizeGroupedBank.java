package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;
import org.moelab.types.SymShape;

/**
 * Heterogeneous experts (HMoE) dispatched grouped per size: experts of one kind and shape share an
 * {@link ExpertBank}; experts are renumbered so that each bank's experts are contiguous, and each
 * bank runs its grouped GEMM on its contiguous slice of the sorted slots (the slice bounds are read
 * on the host from the offsets, like the active-slot mask).
 *
 * @param banks one bank per size, in dispatch order
 * @param starts dispatch position of each bank's first expert, plus E at the end
 * @param positions dispatch position of each expert
 */
record SizeGroupedBank(List<ExpertBank> banks, long[] starts, long[] positions) implements GroupedExperts {

  /** Banks for experts of several sizes, or null when they are not all SwiGLU or all MLP of one activation. */
  static SizeGroupedBank of(CallContext ctx, List<Callable> experts) {
    Map<String, List<Integer>> bySize = new LinkedHashMap<>();
    for (int i = 0; i < experts.size(); i++) {
      String key = key(experts.get(i));
      if (key == null) {
        return null;
      }
      bySize.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    List<ExpertBank> banks = new ArrayList<>();
    long[] starts = new long[bySize.size() + 1];
    long[] positions = new long[experts.size()];
    int next = 0;
    int b = 0;
    for (List<Integer> members : bySize.values()) {
      starts[b++] = next;
      List<Callable> group = new ArrayList<>();
      for (int i : members) {
        positions[i] = next++;
        group.add(experts.get(i));
      }
      banks.add(ExpertBank.of(ctx, group));
    }
    starts[b] = next;
    boolean kinds = banks.stream().allMatch(x -> x != null) && banks.stream().map(ExpertBank::glu).distinct().count() == 1;
    return kinds ? new SizeGroupedBank(banks, starts, positions) : null;
  }

  private static String key(Callable e) {
    if (e instanceof SwigluExpert s && s.w1().shape().isConcrete()) {
      return "swiglu " + s.w1().shape();
    }
    if (e instanceof MlpExpert m && m.wIn().shape().isConcrete()) {
      return "mlp " + m.activation() + " " + m.wIn().shape();
    }
    return null;
  }

  @Override
  public TensorValue apply(CallContext ctx, TensorValue xs, TensorValue offsets) {
    TensorOps ops = ctx.ops();
    if (ctx.isChecking() || offsets.isAbstract()) {
      TensorValue y = banks.get(0).apply(ctx, xs, offsets);
      return TensorOps.abstractTensor(SymShape.of(List.of(xs.shape().dim(0), y.shape().dim(1))), y.dtype());
    }
    long[] off = ctx.host(offsets).toLongArray();
    long width = Shapes.size(xs.shape().dim(1));
    List<TensorValue> parts = new ArrayList<>();
    for (int b = 0; b < banks.size(); b++) {
      int from = (int) starts[b];
      int to = (int) starts[b + 1];
      long rowFrom = off[from];
      long rowTo = off[to];
      if (rowTo == rowFrom) {
        continue;
      }
      long[] local = new long[to - from + 1];
      for (int i = 0; i <= to - from; i++) {
        local[i] = off[from + i] - rowFrom;
      }
      TensorValue rows = ops.slice(xs, new long[] {rowFrom, 0}, new long[] {rowTo, width}, new long[] {1, 1});
      parts.add(banks.get(b).apply(ctx, rows, ops.constant(HostTensor.ofLongs(Shape.of(local.length), local),
          "bank offsets")));
    }
    return parts.size() == 1 ? parts.get(0) : ops.concat(parts, 0);
  }
}
