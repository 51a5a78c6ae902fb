package org.moelab.runtime;

import java.util.List;
import java.util.function.BiFunction;

/** A {@link Builtin} from a signature and a function: the usual way to declare one. */
public record SimpleBuiltin(Signature signature, BiFunction<CallContext, BoundArgs, Value> body)
    implements Builtin {

  /** Declares a built-in: {@code SimpleBuiltin.of("exp", "e to the x.", "tensor", (ctx, a) -> ..., params...)}. */
  public static SimpleBuiltin of(String name, String doc, String returns,
      BiFunction<CallContext, BoundArgs, Value> body, Param... params) {
    return new SimpleBuiltin(new Signature(name, List.of(params), returns, doc), body);
  }

  @Override
  public Value invoke(CallContext ctx, BoundArgs args) {
    return body.apply(ctx, args);
  }
}
