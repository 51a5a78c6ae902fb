package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;
import org.moelab.types.Dim;
import org.moelab.types.ShapeError;

/**
 * A mixture-of-experts layer: {@code y = Σ_shared s(x) + Σ_j w_j E_j(x)} over each token's selected
 * experts. SwiGLU (or MLP) experts run through the sparse grouped-GEMM lowering, one bank per expert
 * size; other experts
 * are evaluated densely and combined with the same (sparse) weights.
 *
 * @param experts the routed experts
 * @param router the router over them
 * @param shared always-on experts added to every token
 * @param bank the stacked expert weights for sparse dispatch (per size for heterogeneous experts), or
 *     null for the dense path
 */
public record MoeLayer(List<Callable> experts, Router router, List<Callable> shared, GroupedExperts bank)
    implements Component {

  @Override
  public Value call(CallContext ctx, Args args) {
    Components.TokenCall c = Components.tokens(ctx, args, "moe layer", router.needsIds());
    return apply(ctx, c.x(), Tokens.ids(ctx, c.ids()));
  }

  /** Applies the layer to {@code [T, d]} or {@code [B, S, d]}. */
  public TensorValue apply(CallContext ctx, TensorValue x) {
    return apply(ctx, x, null);
  }

  /** Applies the layer to tokens with their ids {@code [T]} (or null) for routers that read them. */
  public TensorValue apply(CallContext ctx, TensorValue x, TensorValue ids) {
    TensorOps ops = ctx.ops();
    TensorValue tokens = Tokens.flatten(ctx, x);
    Routing routing = router.route(ctx, tokens, Tokens.groups(x), ids);
    TensorValue y = bank != null ? sparse(ctx, tokens, routing) : dense(ctx, tokens, routing);
    if (router.passDropped() && routing.dropped() != null) {
      TensorValue passed = ops.reduce(Op.SUM, ops.binary(Op.MUL, routing.gates(), routing.dropped()), new int[] {-1}, true);
      y = ops.binary(Op.ADD, y, ops.binary(Op.MUL, ops.cast(passed, tokens.dtype()), tokens));
    }
    for (Callable s : shared) {
      y = ops.binary(Op.ADD, y, expertOutput(ctx, s, tokens));
    }
    return Tokens.unflatten(ctx, y, x);
  }

  /** The routing this layer's router gives for {@code x}. */
  public Routing routing(CallContext ctx, TensorValue x) {
    return router.route(ctx, Tokens.flatten(ctx, x), Tokens.groups(x));
  }

  private static TensorValue expertOutput(CallContext ctx, Callable expert, TensorValue tokens) {
    return ctx.toTensor(ctx.call(expert, Args.of(SourceSpan.NONE, tokens)), SourceSpan.NONE);
  }

  private TensorValue sparse(CallContext ctx, TensorValue tokens, Routing routing) {
    Slots slots = routing.slots(ctx);
    if (bank.positions() != null) {
      TensorValue pos = ctx.ops().constant(org.moelab.tensor.HostTensor.ofLongs(
          org.moelab.tensor.Shape.of(bank.positions().length), bank.positions()), "dispatch positions");
      slots = new Slots(slots.token(), ctx.ops().indexSelect(pos, 0, slots.expert()), slots.weight(), null);
    }
    if (slots.token().shape().dim(0).is(0)) {
      return ctx.ops().full(tokens.shape(), 0, tokens.dtype());
    }
    SparseDispatch.Plan plan = SparseDispatch.plan(ctx, slots, experts.size());
    TensorValue xs = SparseDispatch.gather(ctx, tokens, plan);
    TensorValue ys = bank.apply(ctx, xs, plan.offsets());
    return SparseDispatch.combine(ctx, ys, plan, tokens.shape().dim(0));
  }

  /** Every expert on every token, weighted by the routing's (mostly zero) dense weights. */
  private TensorValue dense(CallContext ctx, TensorValue tokens, Routing routing) {
    TensorOps ops = ctx.ops();
    long e = experts.size();
    TensorValue dense = routing.dense(ctx, tokens.shape().dim(0));
    TensorValue y = null;
    for (int i = 0; i < e; i++) {
      ctx.checkCancelled();
      TensorValue out = expertOutput(ctx, experts.get(i), tokens);
      TensorValue w = Shapes.lastAxis(ctx, dense, i, i + 1);
      TensorValue term = ops.binary(Op.MUL, out, ops.cast(w, out.dtype()));
      y = y == null ? term : ops.binary(Op.ADD, y, term);
    }
    return y;
  }

  @Override
  public String kind() {
    return "layer";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    router.parameters().forEach((k, v) -> p.put("router." + k, v));
    for (int i = 0; i < shared.size(); i++) {
      int n = i;
      if (shared.get(i) instanceof Component c) {
        c.parameters().forEach((k, v) -> p.put("shared." + n + "." + k, v));
      }
    }
    for (int i = 0; i < experts.size(); i++) {
      int n = i;
      if (experts.get(i) instanceof Component c) {
        c.parameters().forEach((k, v) -> p.put("experts." + n + "." + k, v));
      }
    }
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("router", router);
    s.put("gate", router);
    s.put("num_experts", Value.of((long) experts.size()));
    s.put("experts", new Value.ListValue(List.copyOf(experts)));
    s.put("routed", new Value.ListValue(List.copyOf(experts)));
    s.put("shared", new Value.ListValue(List.copyOf(shared)));
    s.put("sparse", Value.of(bank != null));
    return s;
  }

  @Override
  public String typeName() {
    return "layer moe[E=" + experts.size() + ", k=" + router.k() + (shared.isEmpty() ? "" : ", shared=" + shared.size()) + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
