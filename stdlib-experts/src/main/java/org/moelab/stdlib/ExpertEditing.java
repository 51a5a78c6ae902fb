package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Editing an MoE layer's expert set: keep a subset of experts (their gate rows and, for DeepSeek v3,
 * their selection-bias entries) or append experts with new gate rows. Only layers whose router is a
 * linear-gate {@link ComposedRouter} without null experts can be edited this way.
 */
final class ExpertEditing {
  private ExpertEditing() {}

  /** Why a layer cannot be edited, or null when it can. */
  static String problem(MoeLayer layer) {
    if (!(layer.router() instanceof ComposedRouter c) || !(c.score() instanceof Score.Linear)) {
      return "its router is not a linear-gate router (" + layer.router().typeName() + ")";
    }
    if (c.score().columns() instanceof org.moelab.types.Dim.Fixed n && n.size() != c.expertCount()) {
      return "its gate has null experts";
    }
    return null;
  }

  /** The layer restricted to experts {@code keep} (in that order). */
  static MoeLayer keep(CallContext ctx, MoeLayer layer, long[] keep) {
    ComposedRouter c = (ComposedRouter) layer.router();
    LinearLayer gate = ((Score.Linear) c.score()).gate();
    TensorOps ops = ctx.ops();
    TensorValue idx = ops.constant(HostTensor.ofLongs(Shape.of(keep.length), keep), "kept experts");
    LinearLayer sliced = new LinearLayer(ops.indexSelect(gate.weight(), 0, idx),
        gate.bias() == null ? null : ops.indexSelect(gate.bias(), 0, idx));
    TensorValue bias = c.bias() == null ? null : ops.indexSelect(c.bias(), 0, idx);
    List<Callable> experts = new ArrayList<>();
    for (long e : keep) {
      experts.add(layer.experts().get((int) e));
    }
    return rebuild(ctx, layer, c, sliced, bias, experts);
  }

  /** The layer with {@code added} experts appended, their gate rows {@code rows [n, d]}. */
  static MoeLayer add(CallContext ctx, MoeLayer layer, List<Callable> added, TensorValue rows) {
    ComposedRouter c = (ComposedRouter) layer.router();
    LinearLayer gate = ((Score.Linear) c.score()).gate();
    TensorOps ops = ctx.ops();
    LinearLayer wider = new LinearLayer(ops.concat(List.of(gate.weight(), ops.cast(rows, gate.weight().dtype())), 0),
        gate.bias() == null ? null : ops.concat(List.of(gate.bias(),
            ops.full(org.moelab.types.SymShape.fixed(added.size()), 0, gate.bias().dtype())), 0));
    TensorValue bias = c.bias() == null ? null : ops.concat(List.of(c.bias(),
        ops.full(org.moelab.types.SymShape.fixed(added.size()), 0, c.bias().dtype())), 0);
    List<Callable> experts = new ArrayList<>(layer.experts());
    experts.addAll(added);
    return rebuild(ctx, layer, c, wider, bias, experts);
  }

  private static MoeLayer rebuild(CallContext ctx, MoeLayer layer, ComposedRouter c, LinearLayer gate, TensorValue bias,
      List<Callable> experts) {
    ComposedRouter router = new ComposedRouter(c.name(), new Score.Linear(gate), c.activation(), c.temperature(), bias,
        c.selection(), c.normalization(), c.capacity(), experts.size());
    return new MoeLayer(experts, router, layer.shared(), ExpertBank.forExperts(ctx, experts));
  }

  /** A copy of a weight as a fresh constant, so that copies train as separate parameters. */
  static TensorValue copy(CallContext ctx, TensorValue w, String label) {
    if (ctx.isChecking() || w.isAbstract()) {
      return w;
    }
    HostTensor h = ctx.host(w);
    return ctx.ops().constant(h, label);
  }
}
