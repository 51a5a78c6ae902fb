package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.ir.Op;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/**
 * A LoRA expert [PEFT → tuners/lora]: the low-rank update {@code ΔW x = (α / r) · B A x} alone
 * (add the base layer's {@code W x} around it, as {@code lora_mixture} does).
 *
 * @param a down projection {@code [r, d_in]} (PEFT {@code lora_A.weight})
 * @param b up projection {@code [d_out, r]} (PEFT {@code lora_B.weight})
 * @param alpha the scaling numerator α
 * @param card a description of the adapter's task, for task-level routers ("" when none)
 */
public record LoraExpert(TensorValue a, TensorValue b, double alpha, String card) implements TensorFunction {

  /** The rank r. */
  public Dim rank() {
    return a.shape().hasRank() ? a.shape().dim(0) : Dim.any();
  }

  /** α / r. */
  public double scaling() {
    return rank() instanceof Dim.Fixed r ? alpha / r.size() : 1.0;
  }

  /** {@code (α / r) · B A} as one {@code [d_out, d_in]} matrix. */
  public TensorValue delta(CallContext ctx) {
    var ops = ctx.ops();
    return ops.binaryScalar(Op.MUL, ops.matmul(b, a), scaling(), true, false);
  }

  /** {@code (α / r) · x Aᵀ Bᵀ} for {@code x [..., d_in]}. */
  public TensorValue apply(CallContext ctx, TensorValue x) {
    var ops = ctx.ops();
    TensorValue h = ops.matmul(ops.matmul(x, ops.transpose(a)), ops.transpose(b));
    return ops.binaryScalar(Op.MUL, h, scaling(), true, false);
  }

  @Override
  public String label() {
    return "LoRA expert";
  }

  @Override
  public String kind() {
    return "expert";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    p.put("lora_A", a);
    p.put("lora_B", b);
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("r", rank() instanceof Dim.Fixed r ? Value.of(r.size()) : Value.NoneValue.NONE);
    s.put("alpha", Value.of(alpha));
    s.put("card", Value.of(card));
    return s;
  }

  @Override
  public String typeName() {
    return "expert lora[" + (a.shape().hasRank() ? a.shape().dim(1) : Dim.any()) + " -> "
        + (b.shape().hasRank() ? b.shape().dim(0) : Dim.any()) + ", r=" + rank() + ", alpha="
        + org.moelab.runtime.Formatting.number(alpha) + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
