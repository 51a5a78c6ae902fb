package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * Hash routing [Roller et al. 2021, "Hash Layers"]: a token goes to expert {@code hash(id) mod E}
 * with weight 1, whatever its hidden state; there is nothing to learn. Hashes:
 * <ul>
 *   <li>{@code splitmix64} (default): the SplitMix64 finaliser of the id,
 *       {@code z = id + 0x9E3779B97F4A7C15; z = (z ^ z>>>30)·0xBF58476D1CE4E5B9;
 *       z = (z ^ z>>>27)·0x94D049BB133111EB; z ^= z>>>31}, read as unsigned 64-bit;
 *   <li>{@code identity}: the id itself ({@code id mod E}, negative ids wrap like Python's %).
 * </ul>
 * Ids are read on the host, like the active-slot mask of sparse dispatch.
 *
 * @param expertCount E
 * @param hash {@code splitmix64} or {@code identity}
 */
public record HashRouter(long expertCount, String hash) implements Router {

  @Override
  public Routing route(CallContext ctx, TensorValue x, Dim groups) {
    throw ctx.error("E0105", "Hash routing needs the token ids: call the layer as layer(x, token_ids = ids).",
        SourceSpan.NONE, "Pass the ids of the tokens whose hidden states x holds, one per token.");
  }

  @Override
  public boolean needsIds() {
    return true;
  }

  @Override
  public Routing route(CallContext ctx, TensorValue x, Dim groups, TensorValue ids) {
    if (ids == null) {
      return route(ctx, x, groups);
    }
    TensorOps ops = ctx.ops();
    Dim t = ids.shape().hasRank() ? ids.shape().dim(0) : Dim.any();
    TensorValue indices;
    if (ctx.isChecking() || ids.isAbstract()) {
      indices = TensorOps.abstractTensor(SymShape.of(List.of(t, Dim.of(1))), DType.I64);
    } else {
      long[] values = ctx.host(ids).cast(DType.I64).toLongArray();
      long[] experts = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        experts[i] = expertOf(values[i]);
      }
      indices = ops.constant(HostTensor.ofLongs(Shape.of(values.length, 1), experts), "hashed experts");
    }
    TensorValue weights = ops.full(SymShape.of(List.of(t, Dim.of(1))), 1.0, DType.F32);
    TensorValue probs = ops.reshape(ops.oneHot(indices, expertCount, DType.F32), List.of(t, Dim.of(expertCount)));
    return Routing.tokenChoice(probs, probs, indices, weights, expertCount);
  }

  /** The expert of one token id. */
  long expertOf(long id) {
    if (hash.equals("identity")) {
      return Math.floorMod(id, expertCount);
    }
    return Long.remainderUnsigned(splitmix64(id), expertCount);
  }

  /** The SplitMix64 finaliser. */
  static long splitmix64(long id) {
    long z = id + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public Dim experts() {
    return Dim.of(expertCount);
  }

  @Override
  public Dim width() {
    return Dim.any();
  }

  @Override
  public long k() {
    return 1;
  }

  @Override
  public Map<String, TensorValue> parameters() {
    return Map.of();
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("num_experts", Value.of(expertCount));
    s.put("hash", Value.of(hash));
    return s;
  }

  @Override
  public String typeName() {
    return "router hash[E=" + expertCount + ", " + hash + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
