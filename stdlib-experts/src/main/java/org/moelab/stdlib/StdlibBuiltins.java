package org.moelab.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.BuiltinProvider;

/** The standard library of experts, routers and MoE layers, found by {@link java.util.ServiceLoader}. */
public final class StdlibBuiltins implements BuiltinProvider {
  @Override
  public List<Builtin> builtins() {
    List<Builtin> all = new ArrayList<>();
    all.addAll(LayerBuiltins.all());
    all.addAll(RouterBuiltins.all());
    all.addAll(MoeBuiltins.all());
    all.addAll(AuxLosses.all());
    all.addAll(HfBuiltins.all());
    all.addAll(LoraBuiltins.all());
    all.addAll(MoergingBuiltins.all());
    return all;
  }
}
