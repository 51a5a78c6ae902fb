package org.moelab.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * A router's decision for T tokens over E experts.
 *
 * @param logits router logits {@code [T, E]}
 * @param probs the activation of the logits (softmax or sigmoid) {@code [T, E]}
 * @param indices selected experts per token {@code [T, k]} (i64)
 * @param weights combine weights of the selected experts {@code [T, k]}
 */
public record Routing(TensorValue logits, TensorValue probs, TensorValue indices, TensorValue weights) {
  /** As a struct value with fields logits, probs, indices, weights. */
  public Value toValue() {
    Map<String, Value> f = new LinkedHashMap<>();
    f.put("logits", logits);
    f.put("probs", probs);
    f.put("indices", indices);
    f.put("weights", weights);
    return new Value.StructValue("routing", f);
  }
}
