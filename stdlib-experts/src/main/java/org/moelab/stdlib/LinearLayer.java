package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.types.Dim;
import org.moelab.types.ShapeError;

/**
 * {@code y = x Wᵀ + b} with PyTorch's layout: weight {@code [d_out, d_in]}, bias {@code [d_out]}.
 *
 * @param weight {@code [d_out, d_in]}
 * @param bias {@code [d_out]}, or null
 */
public record LinearLayer(TensorValue weight, TensorValue bias) implements TensorFunction {

  /** Input width. */
  public Dim dIn() {
    return weight.shape().dimOrAny(1);
  }

  /** Output width. */
  public Dim dOut() {
    return weight.shape().dimOrAny(0);
  }

  /** Applies the layer to {@code x [..., d_in]}. */
  public TensorValue apply(CallContext ctx, TensorValue x) {
    if (x.shape().hasRank() && x.shape().rank() >= 1 && Dim.unify(x.shape().dim(-1), dIn()) == null) {
      throw new ShapeError("Linear layer expects inputs of width " + dIn() + " (weight " + weight.shape()
          + "), got shape " + x.shape() + ".", "The last dimension of the input must equal d_in.");
    }
    TensorValue y = ctx.ops().matmul(x, ctx.ops().transpose(weight));
    return bias == null ? y : ctx.ops().binary(Op.ADD, y, bias);
  }

  @Override
  public String label() {
    return "linear layer";
  }

  @Override
  public String kind() {
    return "layer";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    p.put("weight", weight);
    if (bias != null) {
      p.put("bias", bias);
    }
    return p;
  }

  @Override
  public String typeName() {
    return "linear[" + dIn() + " -> " + dOut() + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
