package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;
import org.moelab.types.Dim;

/**
 * Multi-head MoE [Wu et al. 2024, MH-MoE]: the multi-head layer projects each token
 * ({@code head}, d → d), splits it into h sub-tokens of width d/h that the inner MoE routes
 * independently, puts the sub-tokens back together and projects them with the merge layer
 * (d → d). A {@code [B, S, d]} input keeps one capacity group per sequence ({@code [B, S·h, d/h]}).
 *
 * @param inner the MoE layer over sub-tokens of width d/h
 * @param heads h
 * @param head the multi-head projection
 * @param merge the merge projection
 */
public record MultiHeadMoe(Callable inner, long heads, LinearLayer head, LinearLayer merge) implements Component {

  @Override
  public Value call(CallContext ctx, Args args) {
    return apply(ctx, Components.singleTensor(ctx, args, "multi-head moe layer"));
  }

  /** The layer on {@code [T, d]} or {@code [B, S, d]}. */
  public TensorValue apply(CallContext ctx, TensorValue x) {
    TensorOps ops = ctx.ops();
    TensorValue h = head.apply(ctx, x);
    List<Dim> dims = new ArrayList<>(h.shape().dims());
    Dim d = dims.get(dims.size() - 1);
    long width = Shapes.size(d);
    Dim sub = width < 0 ? Dim.any() : Dim.of(width / heads);
    List<Dim> split = new ArrayList<>(dims.subList(0, dims.size() - 1));
    split.set(split.size() - 1, Dim.times(split.get(split.size() - 1), Dim.of(heads)));
    split.add(sub);
    TensorValue subTokens = ops.reshape(h, split);
    TensorValue routed = ctx.toTensor(ctx.call(inner, Args.of(SourceSpan.NONE, subTokens)), SourceSpan.NONE);
    return merge.apply(ctx, ops.reshape(routed, dims));
  }

  @Override
  public String kind() {
    return "layer";
  }

  @Override
  public Map<String, TensorValue> parameters() {
    Map<String, TensorValue> p = new LinkedHashMap<>();
    head.parameters().forEach((k, v) -> p.put("head." + k, v));
    if (inner instanceof Component c) {
      c.parameters().forEach((k, v) -> p.put("inner." + k, v));
    }
    merge.parameters().forEach((k, v) -> p.put("merge." + k, v));
    return p;
  }

  @Override
  public Map<String, Value> settings() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("heads", Value.of(heads));
    s.put("inner", inner);
    return s;
  }

  @Override
  public String typeName() {
    return "layer mh_moe[heads=" + heads + ", " + inner.typeName() + "]";
  }

  @Override
  public String toString() {
    return typeName();
  }
}
