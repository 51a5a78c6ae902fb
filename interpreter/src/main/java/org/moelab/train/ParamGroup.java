package org.moelab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Value;
import org.moelab.source.SourceSpan;

/**
 * A parameter group of {@code train(groups = [...])}, like a {@code torch.optim} param group: the
 * parameters whose names match {@code patterns} get their own learning rate and weight decay.
 *
 * @param patterns name patterns ({@code *} wildcards; a name also selects everything under it)
 * @param lr the group's schedule, or null to follow the optimizer's
 * @param peak a number: the optimizer's schedule rescaled to this peak (as torch's schedulers scale
 *     every group's initial lr; constant when the optimizer's peak is 0), or NaN
 * @param weightDecay the group's weight decay, or NaN for the optimizer's
 */
record ParamGroup(List<String> patterns, LrSchedule lr, double peak, double weightDecay) {

  /** Whether this group holds the parameter called {@code name}. */
  boolean holds(String name) {
    return patterns.stream().anyMatch(p -> TrainLoopBuiltins.matches(p, name));
  }

  /** The group's learning rate at {@code step}, given the optimizer's schedule. */
  double lrAt(LrSchedule base, long step) {
    if (lr != null) {
      return lr.at(step);
    }
    if (Double.isNaN(peak)) {
      return base.at(step);
    }
    double top = base.base();
    return top == 0 ? peak : base.at(step) * peak / top;
  }

  /** The group's weight decay, given the optimizer's. */
  double weightDecay(double base) {
    return Double.isNaN(weightDecay) ? base : weightDecay;
  }

  /**
   * The groups written as {@code [{"only": ["head.*"], "lr": 0.01, "weight_decay": 0.0}, ...]};
   * each must hold at least one of {@code names}.
   */
  static List<ParamGroup> parse(CallContext ctx, Value v, SourceSpan span, Set<String> names) {
    List<ParamGroup> out = new ArrayList<>();
    if (v instanceof Value.NoneValue) {
      return out;
    }
    List<Value> items = v instanceof Value.ListValue l ? l.elements() : List.of(v);
    for (Value item : items) {
      if (!(item instanceof Value.DictValue d) || !d.entries().containsKey("only")
          || !Set.of("only", "lr", "weight_decay").containsAll(d.entries().keySet())) {
        throw ctx.error("E0104", "Each parameter group must be a dict with \"only\" and optionally \"lr\" and "
            + "\"weight_decay\"; got " + item + ".", span, "Write groups = [{\"only\": [\"head.*\"], \"lr\": 0.01}].");
      }
      Value only = d.entries().get("only");
      List<String> patterns = (only instanceof Value.ListValue l ? l.elements() : List.of(only)).stream()
          .map(p -> p instanceof Value.StrValue str ? str.value() : p.toString()).toList();
      Value lr = d.entries().get("lr");
      LrSchedule schedule = lr instanceof Value.StructValue ? TrainValues.schedule(ctx, lr, span) : null;
      double peak = lr == null || schedule != null ? Double.NaN : TrainValues.schedule(ctx, lr, span).base();
      Value wd = d.entries().get("weight_decay");
      ParamGroup g = new ParamGroup(patterns, schedule, peak, wd == null ? Double.NaN : TrainValues.number(wd));
      if (names.stream().noneMatch(g::holds)) {
        throw ctx.error("E0111", "The group " + patterns + " matches none of the trained parameters " + names + ".", span);
      }
      out.add(g);
    }
    return out;
  }
}
