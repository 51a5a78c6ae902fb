package org.moelab.stdlib;

import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;

/** Shared argument handling for components called on one tensor. */
final class Components {
  private Components() {}

  /**
   * The arguments of a router or MoE-layer call: the tokens, and the token ids when given as
   * {@code token_ids = ...} (hash routing needs them).
   *
   * @param x the tokens
   * @param ids the token ids, or null
   * @param span the call's span
   */
  record TokenCall(TensorValue x, TensorValue ids, SourceSpan span) {}

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

  /** One tensor of tokens and a {@code token_ids} keyword (optional unless {@code idsRequired}). */
  static TokenCall tokens(CallContext ctx, Args args, String what, boolean idsRequired) {
    boolean onlyIds = args.keywords().isEmpty() || args.keywords().size() == 1 && args.keywords().containsKey("token_ids");
    if (args.positional().size() != 1 || !onlyIds) {
      throw ctx.error("E0105", "A " + what + " is called with one tensor of tokens (and optionally token_ids = ...), got "
          + args.positional().size() + " positional arguments and keywords " + args.keywords().keySet() + ".",
          args.callSpan());
    }
    TensorValue x = ctx.toTensor(args.positional().get(0), args.positionalSpans().get(0));
    Value ids = args.keywords().get("token_ids");
    if (ids == null && idsRequired) {
      throw ctx.error("E0105", "This " + what + " routes by token id and needs token_ids = ... besides the tokens.",
          args.callSpan(), "Call it as f(x, token_ids = ids) with one id per token.");
    }
    return new TokenCall(x, ids == null ? null : ctx.toTensor(ids, args.keywordSpans().get("token_ids")), args.callSpan());
  }
}
