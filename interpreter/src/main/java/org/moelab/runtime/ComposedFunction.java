package org.moelab.runtime;

/** {@code first >> second}: the function {@code x -> second(first(x))}. */
public record ComposedFunction(Callable first, Callable second) implements Callable {
  @Override
  public Value call(CallContext ctx, Args args) {
    Value mid = ctx.call(first, args);
    return ctx.call(second, Args.of(args.callSpan(), mid));
  }

  @Override
  public String typeName() {
    return first.typeName() + " >> " + second.typeName();
  }

  @Override
  public String toString() {
    return first + " >> " + second;
  }
}
