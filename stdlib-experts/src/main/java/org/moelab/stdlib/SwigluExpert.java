package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.types.Dim;

/**
 * A SwiGLU feed-forward expert as in Mixtral [HF transformers, MixtralBlockSparseTop2MLP]:
 * {@code y = W2 (silu(W1 x) ⊙ W3 x)} with weights in PyTorch layout.
 *
 * @param w1 gate projection {@code [f, d]}
 * @param w2 down projection {@code [d, f]}
 * @param w3 up projection {@code [f, d]}
 */
public record SwigluExpert(TensorValue w1, TensorValue w2, TensorValue w3) implements TensorFunction {

  /** Model width d. */
  public Dim d() {
    return w1.shape().dimOrAny(1);
  }

  /** Hidden width f. */
  public Dim f() {
    return w1.shape().dimOrAny(0);
  }

  /** Applies the expert to {@code x [..., d]}. */
  public TensorValue apply(CallContext ctx, TensorValue x) {
    var ops = ctx.ops();
    TensorValue gate = ops.unary(Op.SILU, ops.matmul(x, ops.transpose(w1)));
    TensorValue up = ops.matmul(x, ops.transpose(w3));
    return ops.matmul(ops.binary(Op.MUL, gate, up), ops.transpose(w2));
  }

  @Override
  public String label() {
    return "swiglu expert";
  }

  @Override
  public String kind() {
    return "expert";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    p.put("w1", w1);
    p.put("w2", w2);
    p.put("w3", w3);
    return p;
  }

  @Override
  public String typeName() {
    return "expert swiglu[d=" + d() + ", f=" + f() + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
