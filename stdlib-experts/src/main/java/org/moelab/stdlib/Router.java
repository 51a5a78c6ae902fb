package org.moelab.stdlib;

import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.types.Dim;

/** A token router: maps {@code [T, d]} tokens to a {@link Routing} over its experts. */
public interface Router extends Component {
  /** Routes the tokens {@code x [T, d]}. */
  Routing route(CallContext ctx, TensorValue x);

  /** Number of experts it routes over. */
  Dim experts();

  /** Experts selected per token. */
  long k();

  /** Calling a router from {@code .moe} returns its routing as a struct. */
  @Override
  default Value call(CallContext ctx, Args args) {
    TensorValue x = Components.singleTensor(ctx, args, "router");
    return route(ctx, Tokens.flatten(ctx, x)).toValue();
  }

  @Override
  default String kind() {
    return "router";
  }
}
