package org.moelab.train;

import org.moelab.autodiff.Substitution;
import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.Value;

/**
 * A callable re-targeted at trained parameters: {@code trained(gate, report)} calls {@code gate}
 * and substitutes the trained values for the originals in whatever it returns (a tensor, a
 * routing struct, ...).
 *
 * @param f the original callable
 * @param substitution original parameter nodes to trained ones
 */
record Trained(Callable f, java.util.Map<org.moelab.ir.Node, org.moelab.ir.Node> substitution) implements Callable {
  @Override
  public Value call(CallContext ctx, Args args) {
    Value out = ctx.call(f, args);
    return ctx.isChecking() ? out : Rebind.apply(out, new Substitution(substitution));
  }

  @Override
  public String typeName() {
    return "trained " + f.typeName();
  }

  @Override
  public String signature() {
    return "trained " + f.signature();
  }
}
