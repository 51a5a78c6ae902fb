package org.moelab.builtins;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.BuiltinProvider;

/** The core library: language functions and primitive tensor operations. */
public final class CoreBuiltins implements BuiltinProvider {
  @Override
  public List<Builtin> builtins() {
    List<Builtin> all = new ArrayList<>();
    all.addAll(LanguageBuiltins.all());
    all.addAll(CreationBuiltins.all());
    all.addAll(MathBuiltins.all());
    all.addAll(ReductionBuiltins.all());
    all.addAll(ShapeBuiltins.all());
    all.addAll(IndexBuiltins.all());
    all.addAll(FileBuiltins.all());
    all.addAll(TestingBuiltins.all());
    all.addAll(org.moelab.autodiff.AutodiffBuiltins.all());
    all.addAll(org.moelab.train.TrainBuiltins.all());
    return all;
  }
}
