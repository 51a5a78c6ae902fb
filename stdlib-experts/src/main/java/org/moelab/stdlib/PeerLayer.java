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
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * PEER, parameter-efficient expert retrieval [He 2024; lucidrains/PEER-pytorch]: N = n² single-neuron
 * experts {@code e_i(x) = act(u_i · x) v_i}, found by product keys. Per head: the query
 * {@code q = W_q x} splits in two halves; each half scores its n sub-keys and keeps its top
 * {@code product_topk}; the candidate pairs score {@code s1_i + s2_j} with expert index
 * {@code i·n + j}; the top k candidates are kept;
 * {@code y = Σ_heads Σ_k softmax(scores)_k · act(u_k · x) v_k}.
 *
 * @param query the query projection, weight {@code [2·h·d_k, d]} laid out as (half, head, d_k)
 * @param keys sub-keys {@code [h, n, 2, d_k]}
 * @param down expert input vectors u {@code [N, d]}
 * @param up expert output vectors v {@code [N, d]}
 * @param k experts per head
 * @param productTopk candidates kept per half
 * @param activation the neuron's activation
 */
public record PeerLayer(LinearLayer query, TensorValue keys, TensorValue down, TensorValue up, long k, long productTopk,
    Op activation) implements Component {

  @Override
  public Value call(CallContext ctx, Args args) {
    TensorValue x = Components.singleTensor(ctx, args, "PEER layer");
    TensorValue tokens = Tokens.flatten(ctx, x);
    return Tokens.unflatten(ctx, apply(ctx, tokens), x);
  }

  /** The layer on tokens {@code [T, d]}. */
  public TensorValue apply(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    Dim t = x.shape().dim(0);
    long h = Shapes.size(keys.shape().dim(0));
    long n = Shapes.size(keys.shape().dim(1));
    long dk = Shapes.size(keys.shape().dim(3));
    TensorValue q = ops.reshape(query.apply(ctx, x), List.of(t, Dim.of(2), Dim.of(h), Dim.of(dk)));
    TensorValue q1 = ops.unsqueeze(half(ctx, q, 0), 2);
    TensorValue q2 = ops.unsqueeze(half(ctx, q, 1), 2);
    TensorValue k1 = keyHalf(ctx, 0);
    TensorValue k2 = keyHalf(ctx, 1);
    TensorValue s1 = ops.squeeze(ops.matmul(q1, k1), 2);
    TensorValue s2 = ops.squeeze(ops.matmul(q2, k2), 2);
    TensorValue i1 = ops.topkIndices(s1, productTopk, true);
    TensorValue i2 = ops.topkIndices(s2, productTopk, true);
    TensorValue v1 = ops.gather(s1, -1, i1);
    TensorValue v2 = ops.gather(s2, -1, i2);
    long c = productTopk * productTopk;
    List<Dim> pairs = List.of(t, Dim.of(h), Dim.of(c));
    TensorValue all = ops.reshape(ops.binary(Op.ADD, ops.unsqueeze(v1, -1), ops.unsqueeze(v2, -2)), pairs);
    TensorValue ids = ops.reshape(ops.binary(Op.ADD, ops.unsqueeze(ops.binaryScalar(Op.MUL, i1, n, false, false), -1),
        ops.unsqueeze(i2, -2)), pairs);
    TensorValue best = ops.topkIndices(all, k, true);
    TensorValue scores = ops.gather(all, -1, best);
    TensorValue experts = ops.reshape(ops.gather(ids, -1, best), List.of(Dim.times(t, Dim.of(h * k))));
    List<Dim> perSlot = List.of(t, Dim.of(h * k), down.shape().dim(1));
    TensorValue u = ops.reshape(ops.indexSelect(down, 0, experts), perSlot);
    TensorValue v = ops.reshape(ops.indexSelect(up, 0, experts), perSlot);
    TensorValue act = ops.unary(activation, ops.reduce(Op.SUM, ops.binary(Op.MUL, ops.unsqueeze(x, 1), u), new int[] {-1},
        false));
    TensorValue gates = ops.reshape(ops.softmax(scores, -1), List.of(t, Dim.of(h * k)));
    TensorValue coef = ops.unsqueeze(ops.binary(Op.MUL, act, gates), 1);
    return ops.reshape(ops.matmul(coef, v), List.of(t, up.shape().dim(1)));
  }

  /** Query half {@code p} as {@code [T, h, d_k]}. */
  private static TensorValue half(CallContext ctx, TensorValue q, long p) {
    long[] stops = new long[4];
    for (int i = 0; i < 4; i++) {
      stops[i] = Shapes.size(q.shape().dim(i));
    }
    stops[1] = p + 1;
    TensorValue s = ctx.ops().slice(q, new long[] {0, p, 0, 0}, stops, new long[] {1, 1, 1, 1});
    return ctx.ops().squeeze(s, 1);
  }

  /** Sub-keys of half {@code p}, transposed for the query product: {@code [h, d_k, n]}. */
  private TensorValue keyHalf(CallContext ctx, long p) {
    TensorOps ops = ctx.ops();
    long[] stops = new long[4];
    for (int i = 0; i < 4; i++) {
      stops[i] = Shapes.size(keys.shape().dim(i));
    }
    stops[2] = p + 1;
    TensorValue s = ops.squeeze(ops.slice(ops.cast(keys, DType.F32), new long[] {0, 0, p, 0}, stops,
        new long[] {1, 1, 1, 1}), 2);
    return ops.permute(s, new int[] {0, 2, 1});
  }

  @Override
  public String kind() {
    return "layer";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    p.put("query", query.weight());
    p.put("keys", keys);
    p.put("down", down);
    p.put("up", up);
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("num_experts", Value.of(Shapes.size(down.shape().dim(0))));
    s.put("heads", Value.of(Shapes.size(keys.shape().dim(0))));
    s.put("k", Value.of(k));
    s.put("product_topk", Value.of(productTopk));
    return s;
  }

  @Override
  public String typeName() {
    return "layer peer[N=" + down.shape().dim(0) + ", heads=" + keys.shape().dim(0) + ", k=" + k + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
