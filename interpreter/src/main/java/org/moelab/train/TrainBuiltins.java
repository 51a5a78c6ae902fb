package org.moelab.train;

import java.util.ArrayList;
import java.util.List;
import org.moelab.runtime.Builtin;

/** Every built-in of the training library, for {@link org.moelab.builtins.CoreBuiltins}. */
public final class TrainBuiltins {
  private TrainBuiltins() {}

  /** Optimizers, schedules, minimize, data, losses, train and the gradient-free search. */
  public static List<Builtin> all() {
    List<Builtin> out = new ArrayList<>(OptimBuiltins.all());
    out.addAll(DataBuiltins.all());
    out.addAll(Losses.all());
    out.addAll(TrainLoopBuiltins.all());
    out.addAll(SearchBuiltins.all());
    out.add(PeftExport.builtin());
    return out;
  }
}
