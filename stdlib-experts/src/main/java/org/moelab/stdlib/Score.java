package org.moelab.stdlib;

import java.util.Map;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorValue;
import org.moelab.source.SourceSpan;
import org.moelab.tensor.DType;
import org.moelab.types.Dim;

/**
 * The score primitive of a router: tokens {@code [T, d]} to logits {@code [T, N]} in f32. A linear
 * gate (HF's {@code gate.weight}, no bias) is the usual one; any callable from tokens to logits
 * (cosine scores, prototypes, a user {@code def}) works too.
 */
public interface Score {
  /** The logits of tokens {@code x [T, d]}, as f32. */
  TensorValue logits(CallContext ctx, TensorValue x);

  /** Number of score columns N, or unknown. */
  Dim columns();

  /** Input width d, or unknown. */
  Dim width();

  /** Trainable parameters by name. */
  Map<String, TensorValue> parameters();

  /** A linear gate's score: {@code x Wᵀ} computed in f32 (HF casts hidden states and weight to f32). */
  record Linear(LinearLayer gate) implements Score {
    @Override
    public TensorValue logits(CallContext ctx, TensorValue x) {
      var ops = ctx.ops();
      LinearLayer f32 = new LinearLayer(ops.cast(gate.weight(), DType.F32),
          gate.bias() == null ? null : ops.cast(gate.bias(), DType.F32));
      return f32.apply(ctx, ops.cast(x, DType.F32));
    }

    @Override
    public Dim columns() {
      return gate.dOut();
    }

    @Override
    public Dim width() {
      return gate.dIn();
    }

    @Override
    public Map<String, TensorValue> parameters() {
      return gate.bias() == null ? Map.of("weight", gate.weight()) : Map.of("weight", gate.weight(), "bias", gate.bias());
    }
  }

  /** Any callable from tokens to logits. */
  record Function(Callable f, Dim columns) implements Score {
    @Override
    public TensorValue logits(CallContext ctx, TensorValue x) {
      TensorValue out = ctx.toTensor(ctx.call(f, Args.of(SourceSpan.NONE, x)), SourceSpan.NONE);
      return ctx.ops().cast(out, DType.F32);
    }

    @Override
    public Dim width() {
      return Dim.any();
    }

    @Override
    public Map<String, TensorValue> parameters() {
      return f instanceof Component c ? c.parameters() : Map.of();
    }
  }
}
