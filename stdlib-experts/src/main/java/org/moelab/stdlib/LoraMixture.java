package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/**
 * A base linear layer plus routed LoRA experts: {@code y = W x + Σ_e w_e(x) · ΔW_e x}. The combine
 * space is explicit: {@code "output"} sums the experts' outputs {@code Σ w_e (α/r) B_e A_e x}
 * (MoLoRA, PHATGOOSE, GLIDER, X-LoRA); {@code "parameter"} merges the factors first,
 * {@code (Σ w_e (α_e/r) B_e)(Σ w_e A_e) x}, per token (LoraHub-style merge before), which is not the
 * same function.
 *
 * @param base the frozen base layer W
 * @param adapters the LoRA experts
 * @param router routes tokens over the adapters
 * @param parameterSpace true to merge A and B before applying them
 */
public record LoraMixture(LinearLayer base, List<LoraExpert> adapters, Router router, boolean parameterSpace)
    implements Component {

  @Override
  public Value call(CallContext ctx, Args args) {
    TensorValue x = Components.singleTensor(ctx, args, "LoRA mixture");
    TensorValue tokens = Tokens.flatten(ctx, x);
    TensorValue dense = router.route(ctx, tokens, Tokens.groups(x)).dense(ctx, tokens.shape().dim(0));
    TensorValue delta = parameterSpace ? mergedBefore(ctx, tokens, dense) : mergedAfter(ctx, tokens, dense);
    return Tokens.unflatten(ctx, ctx.ops().binary(Op.ADD, base.apply(ctx, tokens), delta), x);
  }

  private TensorValue mergedAfter(CallContext ctx, TensorValue x, TensorValue dense) {
    TensorOps ops = ctx.ops();
    TensorValue y = null;
    for (int e = 0; e < adapters.size(); e++) {
      TensorValue term = ops.binary(Op.MUL, adapters.get(e).apply(ctx, x), Shapes.lastAxis(ctx, dense, e, e + 1));
      y = y == null ? term : ops.binary(Op.ADD, y, term);
    }
    return y;
  }

  /** Per token t: {@code B_t = Σ w_te s_e B_e}, {@code A_t = Σ w_te A_e}, delta {@code B_t A_t x_t}. */
  private TensorValue mergedBefore(CallContext ctx, TensorValue x, TensorValue dense) {
    TensorOps ops = ctx.ops();
    Dim t = x.shape().dim(0);
    LoraExpert first = adapters.get(0);
    Dim r = first.rank();
    Dim dIn = first.a().shape().dim(1);
    Dim dOut = first.b().shape().dim(0);
    TensorValue stackedA = ops.stack(adapters.stream().map(LoraExpert::a).map(m -> ops.reshape(m, List.of(Dim.times(r, dIn))))
        .toList(), 0);
    TensorValue stackedB = ops.stack(adapters.stream().map(l -> ops.reshape(
        ops.binaryScalar(Op.MUL, l.b(), l.scaling(), true, false), List.of(Dim.times(dOut, r)))).toList(), 0);
    TensorValue tokenA = ops.reshape(ops.matmul(dense, stackedA), List.of(t, r, dIn));
    TensorValue tokenB = ops.reshape(ops.matmul(dense, stackedB), List.of(t, dOut, r));
    TensorValue h = ops.matmul(tokenA, ops.unsqueeze(x, -1));
    return ops.reshape(ops.matmul(tokenB, h), List.of(t, dOut));
  }

  @Override
  public String kind() {
    return "layer";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    base.parameters().forEach((k, v) -> p.put("base." + k, v));
    router.parameters().forEach((k, v) -> p.put("router." + k, v));
    for (int i = 0; i < adapters.size(); i++) {
      int n = i;
      adapters.get(i).parameters().forEach((k, v) -> p.put("adapters." + n + "." + k, v));
    }
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("gate", router);
    s.put("combine", Value.of(parameterSpace ? "parameter" : "output"));
    s.put("num_experts", Value.of((long) adapters.size()));
    return s;
  }

  @Override
  public String typeName() {
    return "layer lora_mixture[E=" + adapters.size() + ", " + router.typeName().replace("router ", "")
        + ", combine=" + (parameterSpace ? "parameter" : "output") + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
