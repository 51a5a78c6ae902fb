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

  /**
   * Routes tokens that come with their token ids ({@code [T]}, i64), for routers that read them
   * (hash routing); others ignore the ids.
   */
  default Routing route(CallContext ctx, TensorValue x, Dim groups, TensorValue ids) {
    return route(ctx, x, groups);
  }

  /** True when the router reads token ids and cannot route without them. */
  default boolean needsIds() {
    return false;
  }

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
    Components.TokenCall c = Components.tokens(ctx, args, "router", needsIds());
    return route(ctx, Tokens.flatten(ctx, c.x()), Tokens.groups(c.x()), Tokens.ids(ctx, c.ids())).toValue(ctx);
  }

  @Override
  default String kind() {
    return "router";
  }
}
