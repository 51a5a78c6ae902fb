package org.moelab.stdlib;

import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.source.SourceSpan;

/** Shared argument handling for components called on one tensor. */
final class Components {
  private Components() {}

  /** The single tensor argument of a component call. */
  static TensorValue singleTensor(CallContext ctx, Args args, String what) {
    if (args.positional().size() != 1 || !args.keywords().isEmpty()) {
      throw ctx.error("E0105", "A " + what + " is called with one tensor, got "
          + args.positional().size() + " positional and " + args.keywords().size() + " keyword arguments.",
          args.callSpan());
    }
    SourceSpan span = args.positionalSpans().get(0);
    return ctx.toTensor(args.positional().get(0), span);
  }
}
