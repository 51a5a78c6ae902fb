package org.moelab.runtime;

/** A {@link Builtin} as a first-class, callable value. */
public record BuiltinValue(Builtin builtin) implements Callable {
  @Override
  public Value call(CallContext ctx, Args args) {
    return builtin.invoke(ctx, Binder.bind(builtin.signature(), args, ctx));
  }

  @Override
  public String signature() {
    return builtin.signature().render();
  }

  @Override
  public String typeName() {
    return "builtin " + builtin.signature().name();
  }

  @Override
  public String toString() {
    return "<builtin " + builtin.signature().name() + ">";
  }
}
