package org.moelab.stdlib;

import org.moelab.runtime.Args;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.Value;

/**
 * A component that maps one tensor to one tensor (experts, linear layers): calling it from
 * {@code .moe} checks for exactly one tensor argument and applies it.
 */
interface TensorFunction extends Component {
  /** Applies the component to {@code x}. */
  TensorValue apply(CallContext ctx, TensorValue x);

  /** How call errors name it, such as {@code swiglu expert}. */
  String label();

  @Override
  default Value call(CallContext ctx, Args args) {
    return apply(ctx, Components.singleTensor(ctx, args, label()));
  }
}
