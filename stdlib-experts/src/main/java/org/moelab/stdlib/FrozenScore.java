package org.moelab.stdlib;

import java.util.Map;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.types.Dim;

/**
 * A score whose weights are not parameters: training never sees or updates them (SMoE-Dropout's
 * frozen random router).
 *
 * @param inner the score
 */
public record FrozenScore(Score inner) implements Score {

  @Override
  public TensorValue logits(CallContext ctx, TensorValue x) {
    return inner.logits(ctx, x);
  }

  @Override
  public Dim columns() {
    return inner.columns();
  }

  @Override
  public Dim width() {
    return inner.width();
  }

  @Override
  public Map<String, TensorValue> parameters() {
    return Map.of();
  }
}
