package org.moelab.stdlib;

import java.util.ArrayList;
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
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Sequence-level routing to whole expert models (MoDEM, composition of experts): a classifier reads
 * each sequence's mean token {@code [B, d]} and picks one model by argmax (ties to the lower index);
 * every sequence runs through its model only. Input {@code [B, S, d]} (or one sequence {@code [S, d]});
 * the choices are read on the host, like sparse dispatch's slot mask.
 *
 * @param models the expert models, each from {@code [n, S, d]} to {@code [n, S, ...]}
 * @param classifier sequence embeddings {@code [B, d]} to scores {@code [B, M]}
 */
public record SequenceRouting(List<Callable> models, Callable classifier) implements Component {

  @Override
  public Value call(CallContext ctx, Args args) {
    TensorValue x = Components.singleTensor(ctx, args, "sequence router");
    boolean single = x.shape().hasRank() && x.shape().rank() == 2;
    TensorValue batch = single ? ctx.ops().unsqueeze(x, 0) : x;
    TensorValue y = apply(ctx, batch);
    return single ? ctx.ops().squeeze(y, 0) : y;
  }

  /** The model each sequence of {@code x [B, S, d]} goes to, {@code [B]} i64. */
  public TensorValue choices(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue mean = ops.reduce(Op.MEAN, ops.cast(x, DType.F32), new int[] {1}, false);
    TensorValue scores = ctx.toTensor(ctx.call(classifier, Args.of(SourceSpan.NONE, mean)), SourceSpan.NONE);
    return ops.argmax(scores, -1, false);
  }

  private TensorValue apply(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue picked = choices(ctx, x);
    if (ctx.isChecking() || picked.isAbstract()) {
      return run(ctx, models.get(0), x);
    }
    long[] choice = ctx.host(picked).toLongArray();
    List<TensorValue> parts = new ArrayList<>();
    long[] order = new long[choice.length];
    int filled = 0;
    for (int m = 0; m < models.size(); m++) {
      long[] rows = rowsOf(choice, m);
      if (rows.length == 0) {
        continue;
      }
      for (long r : rows) {
        order[(int) r] = filled++;
      }
      TensorValue idx = ops.constant(HostTensor.ofLongs(Shape.of(rows.length), rows), "sequences of model " + m);
      parts.add(run(ctx, models.get(m), ops.indexSelect(x, 0, idx)));
    }
    TensorValue stacked = parts.size() == 1 ? parts.get(0) : ops.concat(parts, 0);
    return ops.indexSelect(stacked, 0, ops.constant(HostTensor.ofLongs(Shape.of(order.length), order), "sequence order"));
  }

  private static long[] rowsOf(long[] choice, long model) {
    return java.util.stream.IntStream.range(0, choice.length).filter(i -> choice[i] == model).asLongStream().toArray();
  }

  private static TensorValue run(CallContext ctx, Callable model, TensorValue x) {
    return ctx.toTensor(ctx.call(model, Args.of(SourceSpan.NONE, x)), SourceSpan.NONE);
  }

  @Override
  public String kind() {
    return "layer";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    if (classifier instanceof Component c) {
      c.parameters().forEach((k, v) -> p.put("classifier." + k, v));
    }
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("num_models", Value.of((long) models.size()));
    s.put("models", new Value.ListValue(List.copyOf(models)));
    return s;
  }

  @Override
  public String typeName() {
    return "layer sequence_router[models=" + models.size() + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
