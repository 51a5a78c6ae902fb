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
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * X-LoRA's scalings [PEFT → tuners/xlora]: pass 1 runs with the adapters off and gives a hidden
 * state h; the classifier (a linear layer with bias, {@code n·L} outputs when layer-wise) gives
 * logits {@code [T, L, n]} (the same n logits for every layer otherwise); scalings =
 * {@code softmax(logits / temperature)}; with {@code top_k} only the top k scalings of the layer are
 * kept (the rest 0), and with {@code softmax_topk} the kept ones are re-softmaxed per token (PEFT
 * re-softmaxes all nonzero entries of the batch at once; we do it per token).
 *
 * @param hidden pass 1: tokens to the hidden state the classifier reads (the base layer by default)
 * @param classifier the scaling classifier
 * @param layers L (1 unless layer-wise)
 * @param layer which layer's scalings this router uses
 * @param temperature the softmax temperature
 * @param topK the scalings kept, or 0 for all
 * @param softmaxTopK re-softmax the kept scalings
 * @param expertCount n, the adapters
 */
public record XLoraRouter(Callable hidden, LinearLayer classifier, long layers, long layer, double temperature, long topK,
    boolean softmaxTopK, long expertCount) implements Router {

  @Override
  public Routing route(CallContext ctx, TensorValue x, Dim groups) {
    TensorOps ops = ctx.ops();
    TensorValue h = ctx.toTensor(ctx.call(hidden, Args.of(SourceSpan.NONE, x)), SourceSpan.NONE);
    TensorValue logits = ops.cast(classifier.apply(ctx, Tokens.flatten(ctx, h)), DType.F32);
    Dim t = logits.shape().dim(0);
    if (layers > 1) {
      TensorValue perLayer = ops.reshape(logits, List.of(t, Dim.of(layers), Dim.of(expertCount)));
      logits = ops.squeeze(ops.slice(perLayer, new long[] {0, layer, 0},
          new long[] {Shapes.size(t), layer + 1, expertCount}, new long[] {1, 1, 1}), 1);
    }
    TensorValue scalings = ops.softmax(ops.binaryScalar(Op.DIV, logits, temperature, true, false), -1);
    TensorValue weights = topK > 0 ? keepTopK(ctx, scalings) : scalings;
    return DenseRouter.routing(ctx, logits, scalings, weights, expertCount);
  }

  private TensorValue keepTopK(CallContext ctx, TensorValue scalings) {
    TensorOps ops = ctx.ops();
    TensorValue mask = ops.reduce(Op.SUM, ops.oneHot(ops.topkIndices(scalings, topK, true), expertCount, DType.F32),
        new int[] {1}, false);
    TensorValue kept = ops.binary(Op.MUL, scalings, mask);
    if (!softmaxTopK) {
      return kept;
    }
    TensorValue masked = ops.where(ops.binaryScalar(Op.GT, mask, 0, true, false), kept, ops.scalar(-1e30, DType.F32));
    return ops.binary(Op.MUL, ops.softmax(masked, -1), mask);
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
    return topK > 0 ? topK : expertCount;
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    classifier.parameters().forEach((k, v) -> p.put("classifier." + k, v));
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("num_experts", Value.of(expertCount));
    s.put("layer", Value.of(layer));
    s.put("temperature", Value.of(temperature));
    return s;
  }

  @Override
  public String typeName() {
    return "router xlora[E=" + expertCount + (topK > 0 ? ", k=" + topK : "") + ", layer " + layer + "/" + layers + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
