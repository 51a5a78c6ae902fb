package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * A router's decision for T tokens over E experts, as slots (token, expert, weight).
 *
 * <p>Token choice ({@code expertChoice} false): {@code indices, weights [T, k]} are each token's
 * experts. Expert choice: {@code indices, weights [E, C']} are each expert's tokens. {@code active}
 * (f32 0/1, same shape, null when every slot is used) marks the slots that carry weight: slots
 * outside top-p, null experts and capacity-dropped slots are inactive and sparse dispatch skips them.
 * {@code dropped} (null without capacity) marks slots dropped for capacity; {@code gates} are the
 * weights before dropping, kept for HF Switch's "dropped tokens pass as p·x" option.
 *
 * @param logits router logits {@code [T, N]} (N = E plus any null experts)
 * @param probs the activation of the logits {@code [T, N]}
 * @param indices selected experts per token, or tokens per expert (i64)
 * @param weights combine weights of the slots (0 on inactive slots)
 * @param active 1 on slots that are used, or null when all are
 * @param dropped 1 on slots dropped for capacity, or null
 * @param gates weights before capacity dropping (equal to weights without capacity)
 * @param experts E, the number of real experts
 * @param expertChoice true when indices are tokens per expert
 */
public record Routing(TensorValue logits, TensorValue probs, TensorValue indices, TensorValue weights,
    TensorValue active, TensorValue dropped, TensorValue gates, long experts, boolean expertChoice) {

  /** A token-choice routing where every slot is used. */
  public static Routing tokenChoice(TensorValue logits, TensorValue probs, TensorValue indices, TensorValue weights,
      long experts) {
    return new Routing(logits, probs, indices, weights, null, null, weights, experts, false);
  }

  /** The same routing with other weights (and active mask). */
  public Routing withWeights(TensorValue newWeights, TensorValue newActive) {
    return new Routing(logits, probs, indices, newWeights, newActive, dropped, newWeights, experts, expertChoice);
  }

  /** The slot mask as f32 ones when every slot is used. */
  public TensorValue activeOrOnes(CallContext ctx) {
    return active != null ? active : ctx.ops().full(weights.shape(), 1.0, DType.F32);
  }

  /** The slots, in row-major order of {@code indices}: {@code [N]} each. */
  public Slots slots(CallContext ctx) {
    TensorOps ops = ctx.ops();
    Dim rows = indices.shape().dim(0);
    Dim cols = indices.shape().dim(1);
    Dim n = Dim.times(rows, cols);
    TensorValue rowIds = ops.reshape(ops.expand(ops.reshape(ops.arange(rows, DType.I64), List.of(rows, Dim.of(1))),
        SymShape.of(List.of(rows, cols))), List.of(n));
    TensorValue flat = ops.reshape(indices, List.of(n));
    TensorValue w = ops.reshape(weights, List.of(n));
    TensorValue act = active == null ? null : ops.reshape(active, List.of(n));
    Slots s = expertChoice ? new Slots(flat, rowIds, w, act) : new Slots(rowIds, flat, w, act);
    return s.compact(ctx);
  }

  /** Dense combine weights {@code [T, E]}: weight of expert e for token t, 0 where not routed. */
  public TensorValue dense(CallContext ctx, Dim tokens) {
    TensorOps ops = ctx.ops();
    Slots s = slots(ctx);
    if (!(tokens instanceof Dim.Fixed t)) {
      return TensorOps.abstractTensor(SymShape.of(List.of(tokens, Dim.of(experts))), weights.dtype());
    }
    TensorValue flatIndex = ops.binary(Op.ADD, ops.binaryScalar(Op.MUL, s.token(), experts, false, false), s.expert());
    TensorValue zeros = ops.full(SymShape.fixed(t.size() * experts), 0, weights.dtype());
    TensorValue flat = ops.indexAdd(zeros, 0, flatIndex, s.weight());
    return ops.reshape(flat, List.of(tokens, Dim.of(experts)));
  }

  /** As a struct value with fields logits, probs, indices, weights, active, and dropped when present. */
  public Value toValue(CallContext ctx) {
    Map<String, Value> f = new LinkedHashMap<>();
    f.put("logits", logits);
    f.put("probs", probs);
    f.put("indices", indices);
    f.put("weights", weights);
    f.put("active", activeOrOnes(ctx));
    if (dropped != null) {
      f.put("dropped", dropped);
    }
    f.put("experts", Value.of(experts));
    f.put("expert_choice", Value.of(expertChoice));
    return new Value.StructValue("routing", f);
  }
}
