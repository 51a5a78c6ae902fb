package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.types.Dim;

/**
 * A two-layer feed-forward expert {@code y = W_out act(W_in x)} in PyTorch layout, as in Switch
 * Transformers [HF SwitchTransformersDenseActDense: {@code wi}, {@code wo}, ReLU].
 *
 * @param wIn input projection {@code [f, d]}
 * @param wOut output projection {@code [d, f]}
 * @param activation the elementwise activation (RELU, GELU, SILU)
 */
public record MlpExpert(TensorValue wIn, TensorValue wOut, Op activation) implements TensorFunction {

  /** Model width d. */
  public Dim d() {
    return wIn.shape().dimOrAny(1);
  }

  /** Applies the expert to {@code x [..., d]}. */
  public TensorValue apply(CallContext ctx, TensorValue x) {
    var ops = ctx.ops();
    return ops.matmul(ops.unary(activation, ops.matmul(x, ops.transpose(wIn))), ops.transpose(wOut));
  }

  @Override
  public String label() {
    return "mlp expert";
  }

  @Override
  public String kind() {
    return "expert";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    p.put("wi", wIn);
    p.put("wo", wOut);
    return p;
  }

  @Override
  public String typeName() {
    return "expert mlp[d=" + d() + ", f=" + wIn.shape().dim(0) + ", " + activation.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
