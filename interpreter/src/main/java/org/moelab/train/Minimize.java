package org.moelab.train;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.autodiff.TensorTree;
import org.moelab.ir.Node;
import org.moelab.runtime.BoundArgs;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.Param;
import org.moelab.runtime.ParamKind;
import org.moelab.runtime.SimpleBuiltin;
import org.moelab.runtime.TensorValue;
import org.moelab.runtime.UnknownValue;
import org.moelab.runtime.Value;
import org.moelab.tensor.HostTensor;

/**
 * {@code minimize(f, x, optimizer, steps)}: runs an optimizer on a scalar function of a tensor (or
 * a dict or list of tensors) and returns the final point and the loss curve. The function is traced
 * once; each step substitutes the current values.
 */
final class Minimize {
  private Minimize() {}

  static SimpleBuiltin builtin() {
    return SimpleBuiltin.of("minimize", "Minimises a scalar function f from x with an optimizer; returns a struct "
            + "with .params (like x) and .losses (the loss before each step).", "struct", Minimize::run,
        Param.required("f", ParamKind.CALLABLE, "The function to minimise; returns a scalar tensor."),
        Param.required("x", ParamKind.ANY, "The start: a tensor, or a dict or list of tensors."),
        Param.required("optimizer", ParamKind.ANY, "sgd(...), adam(...) or adamw(...)."),
        Param.optional("steps", ParamKind.INT, Value.of(100L), "Number of updates."),
        Param.optional("clip", ParamKind.OPTIONAL, Value.NoneValue.NONE, "Clip gradients to this global norm."));
  }

  private static Value run(CallContext ctx, BoundArgs a) {
    Value x = a.get("x");
    if (ctx.isChecking() || x instanceof UnknownValue) {
      ctx.call(a.callable("f"), a.span("f"), x);
      return TrainValues.struct("minimized", "params", x, "losses", new UnknownValue(UnknownValue.Kind.ANY));
    }
    OptimizerConfig config = TrainValues.optimizer(ctx, a.get("optimizer"), a.span("optimizer"));
    Map<TensorValue, TensorValue> fresh = new IdentityHashMap<>();
    Value at = TensorTree.map(x, t -> fresh.computeIfAbsent(t, k -> ctx.ops().constant(ctx.host(k), "x")));
    Value out = ctx.call(a.callable("f"), a.span("f"), at);
    if (!(out instanceof TensorValue loss) || loss.node().shape().size() != 1 || !loss.dtype().isFloating()) {
      throw ctx.error("E0201", "minimize needs f to return a floating scalar, got " + out.typeName() + ".", a.span("f"));
    }
    Map<String, TensorValue> leaves = TensorTree.leaves(at);
    List<Parameter> params = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    leaves.forEach((path, t) -> {
      params.add(new Parameter(path, t.node().attrs().getConstant("value").value()));
      nodes.add(t.node());
    });
    StepGraph graph = new StepGraph(loss.node(), nodes, List.of());
    Optimizer opt = config.create();
    Double clip = a.isNone("clip") ? null : TrainValues.number(a.get("clip"));
    long steps = a.integer("steps");
    List<Value> losses = new ArrayList<>();
    for (long step = 0; step < steps; step++) {
      ctx.checkCancelled();
      Map<Node, HostTensor> bind = new LinkedHashMap<>();
      for (int i = 0; i < params.size(); i++) {
        bind.put(nodes.get(i), params.get(i).toHost());
      }
      StepGraph.Result r = graph.run(ctx, bind);
      losses.add(Value.of(r.loss()));
      for (int i = 0; i < params.size(); i++) {
        params.get(i).setGrad(r.grads().get(i));
      }
      if (clip != null) {
        GradClip.clipGlobalNorm(params, clip);
      }
      opt.step(params, config.lr().at(step), config.weightDecay());
    }
    Map<Node, TensorValue> result = new IdentityHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      result.put(nodes.get(i), ctx.ops().constant(params.get(i).toHost(), params.get(i).name()));
    }
    Value finalParams = TensorTree.map(at, t -> result.get(t.node()));
    return TrainValues.struct("minimized", "params", finalParams, "losses", new Value.ListValue(losses));
  }
}
