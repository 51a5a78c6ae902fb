package org.moelab.train;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.autodiff.Gradients;
import org.moelab.autodiff.Substitution;
import org.moelab.ir.Node;
import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.types.Dim;

/**
 * A traced scalar loss, the graph of its gradient with respect to parameter nodes, and extra
 * outputs (metrics), built once and re-evaluated at every step by substituting fresh constants
 * for the parameters and the batch. Everything a step needs is fetched as one flat vector (one
 * evaluation, so forward intermediates are shared by the loss, the metrics and the backward pass).
 */
final class StepGraph {
  private final List<Node> outputs = new ArrayList<>();
  private final List<Node> params;
  private final int extras;

  /**
   * @param loss the scalar loss
   * @param params nodes to differentiate with respect to (empty for evaluation only)
   * @param extras further outputs to fetch with the loss
   */
  StepGraph(Node loss, List<Node> params, List<Node> extras) {
    this.params = List.copyOf(params);
    this.extras = extras.size();
    outputs.add(loss);
    outputs.addAll(extras);
    if (!params.isEmpty()) {
      outputs.addAll(Gradients.of(loss, params));
    }
  }

  /** The loss, the extras and the gradients at one step. */
  record Result(double loss, List<double[]> extras, List<double[]> grads) {}

  /** Evaluates everything with {@code bindings} (traced node → value) substituted. */
  Result run(CallContext ctx, Map<Node, HostTensor> bindings) {
    Map<Node, Node> swap = new IdentityHashMap<>();
    bindings.forEach((node, value) -> swap.put(node, ctx.ops().constant(value, "step").node()));
    List<Node> roots = new Substitution(swap).applyAll(outputs);
    double[] flat = ctx.host(flatten(ctx.ops(), roots)).toDoubleArray();
    List<double[]> parts = new ArrayList<>();
    int at = 0;
    for (Node r : roots) {
      int n = Math.toIntExact(r.shape().size());
      double[] part = new double[n];
      System.arraycopy(flat, at, part, 0, n);
      parts.add(part);
      at += n;
    }
    return new Result(parts.get(0)[0], parts.subList(1, 1 + extras), parts.subList(1 + extras, parts.size()));
  }

  /** The parameter nodes, in gradient order. */
  List<Node> params() {
    return params;
  }

  private static TensorValue flatten(TensorOps ops, List<Node> roots) {
    DType common = roots.stream().anyMatch(n -> n.dtype() == DType.F64) ? DType.F64 : DType.F32;
    List<TensorValue> parts = new ArrayList<>();
    for (Node r : roots) {
      TensorValue t = ops.cast(TensorValue.of(r), common);
      parts.add(ops.reshape(t, List.of(Dim.of(r.shape().size()))));
    }
    return ops.concat(parts, 0);
  }
}
