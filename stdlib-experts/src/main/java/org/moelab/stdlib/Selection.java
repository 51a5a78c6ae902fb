package org.moelab.stdlib;

import java.util.List;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/**
 * The selection primitive of a router: which (token, expert) slots are used. Selection ranks the
 * choice scores (probabilities plus any selection-only bias); weights are always read from the
 * probabilities. Ties go to the lower expert index.
 */
public sealed interface Selection {

  /**
   * What a selection picked.
   *
   * @param indices experts per token {@code [T, k]}, or tokens per expert {@code [E, C']}
   * @param weights the probabilities of the slots
   * @param active 1 on used slots, or null when all are
   * @param expertChoice true when indices are tokens per expert
   */
  record Picked(TensorValue indices, TensorValue weights, TensorValue active, boolean expertChoice) {}

  /**
   * Selects slots.
   *
   * @param probs activated scores {@code [T, N]}
   * @param choice the scores selection ranks (probs + bias) {@code [T, N]}
   * @param experts E, the real experts (N − E null experts follow them)
   * @param groups number of capacity groups (sequences) the T tokens form
   */
  Picked select(CallContext ctx, TensorValue probs, TensorValue choice, long experts, Dim groups);

  /** Slots per token for display, such as {@code k=2} or {@code p=0.4}. */
  String describe();

  /** Top-k of the choice scores; slots on null experts (index ≥ E) are inactive. */
  record TopK(long k) implements Selection {
    @Override
    public Picked select(CallContext ctx, TensorValue probs, TensorValue choice, long experts, Dim groups) {
      TensorOps ops = ctx.ops();
      TensorValue idx = ops.topkIndices(choice, k, true);
      TensorValue w = ops.gather(probs, -1, idx);
      boolean nulls = probs.shape().dim(-1) instanceof Dim.Fixed n && n.size() > experts;
      TensorValue active = nulls ? ops.cast(ops.binaryScalar(Op.LT, idx, experts, false, false), DType.F32) : null;
      return new Picked(idx, w, active, false);
    }

    @Override
    public String describe() {
      return "k=" + k;
    }
  }

  /**
   * Top-p ("Harder Tasks Need More Experts"): experts by descending probability up to and including
   * the first at which the cumulative probability exceeds {@code threshold}.
   */
  record TopP(double threshold) implements Selection {
    @Override
    public Picked select(CallContext ctx, TensorValue probs, TensorValue choice, long experts, Dim groups) {
      TensorOps ops = ctx.ops();
      TensorValue idx = ops.argsort(choice, true);
      TensorValue sorted = ops.gather(probs, -1, idx);
      TensorValue before = Shapes.shiftRight(ctx, ops.cumsum(sorted, -1));
      TensorValue keep = ops.cast(ops.binaryScalar(Op.LE, before, threshold, true, false), DType.F32);
      return new Picked(idx, sorted, keep, false);
    }

    @Override
    public String describe() {
      return "p=" + threshold;
    }
  }

  /**
   * DynMoE's top-any: expert e is used when its probability exceeds its threshold
   * {@code sigmoid(G_e · e^τ)}, so a token gets 0..E experts; a token that clears no threshold
   * falls back to its argmax expert. Slots are ordered by descending probability. The step has a
   * straight-through gradient: its value is {@code [s > g]}, its gradient that of {@code s − g}, so
   * thresholds and keys learn.
   *
   * @param thresholds the activated per-expert thresholds {@code [E]}
   */
  record Threshold(TensorValue thresholds) implements Selection {
    @Override
    public Picked select(CallContext ctx, TensorValue probs, TensorValue choice, long experts, Dim groups) {
      TensorOps ops = ctx.ops();
      TensorValue idx = ops.argsort(choice, true);
      TensorValue sorted = ops.gather(probs, -1, idx);
      TensorValue bar = ops.gather(ops.expand(ops.unsqueeze(ops.cast(thresholds, probs.dtype()), 0), probs.shape()), -1, idx);
      TensorValue over = ops.cast(ops.binary(Op.GT, sorted, bar), DType.F32);
      TensorValue none = ops.binaryScalar(Op.EQ, ops.reduce(Op.SUM, over, new int[] {-1}, true), 0, true, false);
      TensorValue first = ops.binaryScalar(Op.EQ, ops.arange(Dim.of(experts), DType.I64), 0, false, false);
      TensorValue fallback = ops.cast(ops.binary(Op.AND, none, first), DType.F32);
      return new Picked(idx, sorted, ops.binary(Op.MAXIMUM, straightThrough(ctx, over, ops.binary(Op.SUB, sorted, bar)),
          fallback), false);
    }

    /** The value of {@code hard} with the gradient of {@code soft}: {@code soft + stop(hard − soft)}. */
    private static TensorValue straightThrough(CallContext ctx, TensorValue hard, TensorValue soft) {
      TensorOps ops = ctx.ops();
      TensorValue gap = ops.binary(Op.SUB, hard, soft);
      TensorValue stopped = gap.isAbstract() ? gap : TensorValue.of(org.moelab.autodiff.Gradients.stopGradient(gap.node()));
      return ops.binary(Op.ADD, soft, stopped);
    }

    @Override
    public String describe() {
      return "top-any";
    }
  }

  /**
   * Top-2 with dynamic skipping [Lu et al. 2024]: the second expert is dropped when its probability
   * is below {@code beta} times the first's ({@code w1 / w0 < β}, compared as a ratio so that the
   * calibration token at the median keeps its second expert on every backend).
   *
   * @param beta the median ratio w1/w0 measured on calibration data
   */
  record SkipSecond(double beta) implements Selection {
    @Override
    public Picked select(CallContext ctx, TensorValue probs, TensorValue choice, long experts, Dim groups) {
      TensorOps ops = ctx.ops();
      TensorValue idx = ops.topkIndices(choice, 2, true);
      TensorValue w = ops.gather(probs, -1, idx);
      TensorValue w0 = Shapes.lastAxis(ctx, w, 0, 1);
      TensorValue w1 = Shapes.lastAxis(ctx, w, 1, 2);
      TensorValue second = ops.cast(ops.binaryScalar(Op.GE, ops.binary(Op.DIV, w1, w0), beta, true, false), DType.F32);
      TensorValue active = ops.concat(List.of(ops.full(w0.shape(), 1.0, DType.F32), second), 1);
      return new Picked(idx, w, active, false);
    }

    @Override
    public String describe() {
      return "k=2, skip below " + org.moelab.runtime.Formatting.number(beta);
    }
  }

  /**
   * DeepSeek v3's group-limited top-k [HF → modeling_deepseek_v3.py]: experts in {@code nGroups}
   * groups, a group's score is the sum of its top-2 choice scores, the top {@code topkGroups} groups
   * are kept and the rest masked to 0.0 (as HF does), then top-k.
   */
  record GroupLimited(long nGroups, long topkGroups, long k) implements Selection {
    @Override
    public Picked select(CallContext ctx, TensorValue probs, TensorValue choice, long experts, Dim groups) {
      TensorOps ops = ctx.ops();
      Dim t = choice.shape().dim(0);
      long per = experts / nGroups;
      TensorValue grouped = ops.reshape(choice, List.of(t, Dim.of(nGroups), Dim.of(per)));
      long top = Math.min(2, per);
      TensorValue best = ops.gather(grouped, -1, ops.topkIndices(grouped, top, true));
      TensorValue groupScores = ops.reduce(Op.SUM, best, new int[] {-1}, false);
      TensorValue keptGroups = ops.topkIndices(groupScores, topkGroups, true);
      TensorValue groupMask = ops.reduce(Op.SUM, ops.oneHot(keptGroups, nGroups, DType.F32), new int[] {1}, false);
      TensorValue scoreMask = ops.reshape(ops.expand(ops.unsqueeze(groupMask, -1),
          SymShape.of(List.of(t, Dim.of(nGroups), Dim.of(per)))), List.of(t, Dim.of(experts)));
      TensorValue masked = ops.where(ops.binaryScalar(Op.GT, scoreMask, 0, false, false), choice,
          ops.scalar(0.0, choice.dtype()));
      TensorValue idx = ops.topkIndices(masked, k, true);
      return new Picked(idx, ops.gather(probs, -1, idx), null, false);
    }

    @Override
    public String describe() {
      return "k=" + k + ", groups=" + topkGroups + "/" + nGroups;
    }
  }

  /**
   * GW-MoE entropy broadcast: a token whose routing entropy {@code −Σ p log(p + 1e-5)} is at least
   * {@code tau} uses every expert; the others use their top-k.
   */
  record EntropyBroadcast(long k, double tau) implements Selection {
    @Override
    public Picked select(CallContext ctx, TensorValue probs, TensorValue choice, long experts, Dim groups) {
      TensorOps ops = ctx.ops();
      TensorValue logp = ops.unary(Op.LOG, ops.binaryScalar(Op.ADD, probs, 1e-5, true, false));
      TensorValue entropy = ops.unary(Op.NEG, ops.reduce(Op.SUM, ops.binary(Op.MUL, probs, logp), new int[] {-1}, true));
      TensorValue broadcast = ops.binaryScalar(Op.GE, entropy, tau, true, false);
      TensorValue idx = ops.argsort(choice, true);
      TensorValue rank = ops.arange(Dim.of(experts), DType.I64);
      TensorValue inTopK = ops.binaryScalar(Op.LT, rank, k, false, false);
      TensorValue active = ops.cast(ops.binary(Op.OR, inTopK, broadcast), DType.F32);
      return new Picked(idx, ops.gather(probs, -1, idx), active, false);
    }

    @Override
    public String describe() {
      return "k=" + k + ", tau=" + tau;
    }
  }

  /**
   * Expert choice [Zhou et al. 2022]: within each group, each expert takes its top-C tokens by
   * probability, C = max(round(CF · tokens per group / E), 1); a token may get 0..E experts.
   */
  record ExpertChoice(double capacityFactor, long expertCapacity) implements Selection {
    @Override
    public Picked select(CallContext ctx, TensorValue probs, TensorValue choice, long experts, Dim groups) {
      TensorOps ops = ctx.ops();
      long g = Shapes.size(groups);
      long t = Shapes.size(probs.shape().dim(0));
      if (g < 0 || t < 0) {
        Dim any = Dim.any();
        TensorValue idx = TensorOps.abstractTensor(SymShape.of(List.of(Dim.of(experts), any)), DType.I64);
        return new Picked(idx, TensorOps.abstractTensor(idx.shape(), probs.dtype()), null, true);
      }
      long s = t / g;
      long c = capacity(s, experts);
      TensorValue perGroup = ops.permute(ops.reshape(choice, CallContext.dims(g, s, experts)), new int[] {0, 2, 1});
      TensorValue probsT = ops.permute(ops.reshape(probs, CallContext.dims(g, s, experts)), new int[] {0, 2, 1});
      TensorValue local = ops.topkIndices(perGroup, c, true);
      TensorValue w = ops.gather(probsT, -1, local);
      TensorValue offset = ops.reshape(ops.binaryScalar(Op.MUL, ops.arange(Dim.of(g), DType.I64), s, false, false),
          CallContext.dims(g, 1, 1));
      TensorValue global = ops.binary(Op.ADD, local, offset);
      List<Dim> flat = CallContext.dims(experts, g * c);
      return new Picked(ops.reshape(ops.permute(global, new int[] {1, 0, 2}), flat),
          ops.reshape(ops.permute(w, new int[] {1, 0, 2}), flat), null, true);
    }

    /** Tokens per expert per group. */
    long capacity(long tokensPerGroup, long experts) {
      long c = expertCapacity > 0 ? expertCapacity : Math.max(1, Math.round(capacityFactor * tokensPerGroup / experts));
      return Math.min(c, tokensPerGroup);
    }

    @Override
    public String describe() {
      return expertCapacity > 0 ? "capacity=" + expertCapacity : "capacity_factor=" + capacityFactor;
    }
  }
}
