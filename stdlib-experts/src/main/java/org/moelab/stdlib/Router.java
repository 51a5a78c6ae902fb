package org.moelab.stdlib;

import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/**
 * A token router: maps tokens to a {@link Routing} over its experts. Called from {@code .moe} on
 * {@code [T, d]} (one capacity group) or {@code [B, S, d]} (one group per sequence), it returns the
 * routing as a struct.
 */
public interface Router extends Component {
  /** Routes the tokens {@code x [T, d]} that form {@code groups} equal capacity groups. */
  Routing route(CallContext ctx, TensorValue x, Dim groups);

  /** Number of experts it routes over. */
  Dim experts();

  /** Input width d, or unknown. */
  Dim width();

  /** Experts selected per token (for display; E for expert choice and dynamic selections). */
  long k();

  /** True when capacity-dropped slots pass {@code gate · x} (HF Switch) instead of 0. */
  default boolean passDropped() {
    return false;
  }

  @Override
  default Value call(CallContext ctx, Args args) {
    TensorValue x = Components.singleTensor(ctx, args, "router");
    return route(ctx, Tokens.flatten(ctx, x), Tokens.groups(x)).toValue(ctx);
  }

  @Override
  default String kind() {
    return "router";
  }
}
