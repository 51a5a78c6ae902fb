package org.moelab.train;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.moelab.ir.Node;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.Builtin;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Callable;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;

/** {@code train(...)}, which fits a model's parameters, and {@code trained(f, report)}. */
final class TrainLoopBuiltins {
  private TrainLoopBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        SimpleBuiltin.of("train", "Fits the parameters of a model (a callable from a batch x to predictions, or to a "
                + "dict with 'output' and aux losses) to a dataset with an optimizer; returns a report that is also "
                + "the trained model.", "train_report", TrainLoopBuiltins::train,
            Param.required("model", ParamKind.CALLABLE, "The model."),
            Param.required("data", ParamKind.ANY, "The training dataset."),
            Param.optional("params", ParamKind.OPTIONAL, Value.NoneValue.NONE,
                "What to train: a dict or list of tensors or a component; none finds the model's own."),
            Param.optional("only", ParamKind.OPTIONAL, Value.NoneValue.NONE,
                "Train only parameters whose names match these patterns (* wildcards; a prefix selects a subtree)."),
            Param.optional("loss", ParamKind.ANY, Value.of("cross_entropy"), "\"cross_entropy\", \"mse\" or fn(pred, y)."),
            Param.optional("aux", ParamKind.OPTIONAL, Value.NoneValue.NONE,
                "Aux losses the model returns, with coefficients: {\"load_balance\": 0.01}."),
            Param.optional("optimizer", ParamKind.OPTIONAL, Value.NoneValue.NONE, "sgd(...), adam(...), adamw(...)."),
            Param.optional("groups", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Parameter groups with their own "
                + "learning rate or weight decay: [{\"only\": [\"head.*\"], \"lr\": 0.01, \"weight_decay\": 0.0}]; "
                + "a number lr rescales the optimizer's schedule, a schedule replaces it; the first match wins."),
            Param.optional("batch_size", ParamKind.INT, Value.of(32L), "Examples per step."),
            Param.optional("epochs", ParamKind.INT, Value.of(1L), "Passes over the data."),
            Param.optional("steps", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Total updates (overrides epochs)."),
            Param.optional("val", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Validation dataset, evaluated every epoch."),
            Param.optional("clip", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Clip gradients to this global norm."),
            Param.optional("seed", ParamKind.INT, Value.of(0L), "Shuffling seed."),
            Param.optional("progress", ParamKind.BOOL, Value.of(true),
                "Show a progress bar that updates in place (a notebook display, a redrawn terminal line).")),
        SimpleBuiltin.of("trained", "f with trained parameters substituted: from a train report, or from a dict of "
                + "tensors named like the parameters of `like` (default f).", "callable", TrainLoopBuiltins::trained,
            Param.required("f", ParamKind.CALLABLE, "A model, router or any callable sharing the trained parameters."),
            Param.required("with", ParamKind.ANY, "A train report, or a dict of parameters (load(\"trained.safetensors\"))."),
            Param.optional("like", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Where the dict's names come from.")));
  }

  private static Value train(CallContext ctx, BoundArgs a) {
    Callable model = a.callable("model");
    Value data = a.get("data");
    if (!DataValues.isDataset(data)) {
      throw ctx.error("E0104", "data must be a dataset, got " + data.typeName() + ".", a.span("data"),
          "Load one with load_csv(...) or build one with dataset(x, y).");
    }
    if (ctx.isChecking()) {
      ctx.call(model, a.span("model"), DataValues.field(data, "x"));
      return new UnknownValue(UnknownValue.Kind.ANY);
    }
    return Trainer.run(ctx, config(ctx, a, model, data));
  }

  private static TrainConfig config(CallContext ctx, BoundArgs a, Callable model, Value data) {
    Map<String, TensorValue> params = select(ctx, a, ParameterCollector.collect(a.isNone("params") ? model : a.get("params")));
    Value loss = a.get("loss");
    String lossName = loss instanceof Value.StrValue s ? s.value() : null;
    if (lossName != null && !lossName.equals("cross_entropy") && !lossName.equals("mse")) {
      throw ctx.error("E0111", "Unknown loss '" + lossName + "'.", a.span("loss"),
          "Use \"cross_entropy\", \"mse\" or a function fn(pred, y) returning a scalar.");
    }
    if (lossName == null && !(loss instanceof Callable)) {
      throw ctx.error("E0104", "loss must be a name or a function, got " + loss.typeName() + ".", a.span("loss"));
    }
    OptimizerConfig opt = a.isNone("optimizer")
        ? new OptimizerConfig("adam", new LrSchedule.Constant(1e-3), 0, 0, false, 0.9, 0.999, 1e-8, 0)
        : TrainValues.optimizer(ctx, a.get("optimizer"), a.span("optimizer"));
    long batch = a.integer("batch_size");
    if (batch <= 0) {
      throw ctx.error("E0111", "batch_size must be positive, got " + batch + ".", a.span("batch_size"));
    }
    return new TrainConfig(model, DataValues.of(ctx, data, a.span("data")),
        a.isNone("val") ? null : DataValues.of(ctx, a.get("val"), a.span("val")), params,
        lossName, lossName == null ? (Callable) loss : null, aux(ctx, a), opt,
        ParamGroup.parse(ctx, a.get("groups"), a.span("groups"), params.keySet()), (int) batch, a.integer("epochs"),
        a.isNone("steps") ? -1 : a.integer("steps"), a.isNone("clip") ? null : TrainValues.number(a.get("clip")),
        a.integer("seed"), a.bool("progress", true), a.callSpan());
  }

  private static Map<String, TensorValue> select(CallContext ctx, BoundArgs a, Map<String, TensorValue> all) {
    if (all.isEmpty()) {
      throw ctx.error("E0104", "Found no floating tensors to train.", a.span("params"),
          "Pass params = a dict of tensors, or a component such as a moe layer.");
    }
    if (a.isNone("only")) {
      return all;
    }
    Value only = a.get("only");
    List<Value> patterns = only instanceof Value.ListValue l ? l.elements() : List.of(only);
    Map<String, TensorValue> out = new LinkedHashMap<>();
    all.forEach((name, t) -> {
      if (patterns.stream().anyMatch(p -> matches(p.toString(), name))) {
        out.put(name, t);
      }
    });
    if (out.isEmpty()) {
      throw ctx.error("E0111", "only = " + only + " matches none of the parameters " + all.keySet() + ".", a.span("only"));
    }
    return out;
  }

  /** Glob match of a dotted name; a pattern also selects everything under it ({@code router} → {@code router.gate}). */
  static boolean matches(String pattern, String name) {
    String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q");
    return name.matches(regex) || name.matches(regex + "\\..*");
  }

  private static Map<String, Double> aux(CallContext ctx, BoundArgs a) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (a.isNone("aux")) {
      return out;
    }
    if (!(a.get("aux") instanceof Value.DictValue d)) {
      throw ctx.error("E0104", "aux must be a dict of coefficients, such as {\"load_balance\": 0.01}.", a.span("aux"));
    }
    d.entries().forEach((k, v) -> out.put(k, TrainValues.number(v)));
    return out;
  }

  private static Value trained(CallContext ctx, BoundArgs a) {
    Callable f = a.callable("f");
    Value with = a.get("with");
    if (with instanceof TrainReport r) {
      return new Trained(f, r.trained());
    }
    if (ctx.isChecking() || with instanceof UnknownValue) {
      return f;
    }
    if (!(with instanceof Value.DictValue d)) {
      throw ctx.error("E0104", "with must be a train report or a dict of tensors, got " + with.typeName() + ".",
          a.span("with"));
    }
    Map<String, TensorValue> originals = ParameterCollector.collect(a.isNone("like") ? f : a.get("like"));
    Map<Node, Node> swap = new IdentityHashMap<>();
    d.entries().forEach((name, v) -> {
      TensorValue orig = originals.get(name);
      if (orig == null || !(v instanceof TensorValue t) || !t.node().shape().equals(orig.node().shape())) {
        throw ctx.error("E0201", "Parameter '" + name + "' does not match the model's parameters " + originals.keySet()
            + " (name or shape).", a.span("with"));
      }
      swap.put(orig.node(), ctx.ops().cast(t, orig.dtype()).node());
    });
    return new Trained(f, swap);
  }
}
