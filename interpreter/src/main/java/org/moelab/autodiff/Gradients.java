package org.moelab.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.moelab.ir.Attrs;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.runtime.TensorValue;

/**
 * Reverse-mode autodiff on the IR: builds, for a scalar output node, the nodes of its gradient with
 * respect to chosen input nodes. The result is an ordinary graph (it shares the forward nodes it
 * needs), so it runs on any backend.
 *
 * <p>Rules: see {@link ElementwiseVjp}, {@link StructuralVjp} and {@link IndexVjp}. Integer and
 * boolean nodes carry no gradient; neither do comparisons, sign, argmax, top-k/argsort indices,
 * bincount and one-hot, so a gradient flows through top-k routing only via the gathered values.
 * Max/min reductions share the gradient equally among tied maxima; maximum/minimum give half to
 * each side of a tie (both as PyTorch). An input the output does not depend on gets zeros.
 *
 * <p>Inputs are identified by node. Because nodes are hash-consed, two equal expressions (say two
 * {@code zeros([4])}) are one node; differentiate with respect to fresh constants to keep them
 * apart.
 */
public final class Gradients {
  /** The attribute that marks a same-shape RESHAPE as a gradient barrier. */
  static final String STOP = "stop_gradient";

  private Gradients() {}

  /**
   * {@code x} unchanged in value, but opaque to differentiation (JAX's {@code stop_gradient}). It
   * is an identity RESHAPE carrying the attribute {@code stop_gradient}, so every backend runs it.
   */
  public static Node stopGradient(Node x) {
    return Node.of(Op.RESHAPE, List.of(x), Attrs.of(STOP, true), x.shape(), x.dtype());
  }

  private static boolean opaque(Node node) {
    return IndexVjp.opaque(node.op()) || node.op() == Op.RESHAPE && node.attrs().has(STOP);
  }

  /** The gradients of {@code output} (a floating scalar) with respect to each of {@code inputs}. */
  public static List<Node> of(Node output, List<Node> inputs) {
    if (output.shape().size() != 1 || !output.dtype().isFloating()) {
      throw new IllegalArgumentException("gradients need a floating scalar output, got " + output);
    }
    GradBuilder b = new GradBuilder();
    List<Node> order = topologicalOrder(output);
    Set<Node> live = dependsOnInputs(order, inputs);
    Map<Node, TensorValue> adjoint = new IdentityHashMap<>();
    adjoint.put(output, b.ops().full(GradBuilder.sym(output.shape()), 1.0, output.dtype()));
    Rules rules = new Rules(b);
    for (int i = order.size() - 1; i >= 0; i--) {
      Node node = order.get(i);
      TensorValue g = adjoint.get(node);
      if (g == null || !live.contains(node) || node.inputs().isEmpty()) {
        continue;
      }
      List<TensorValue> grads = rules.vjp(node, g);
      for (int k = 0; k < grads.size(); k++) {
        accumulate(b, adjoint, live, node.input(k), grads.get(k));
      }
    }
    List<Node> out = new ArrayList<>(inputs.size());
    for (Node in : inputs) {
      TensorValue g = adjoint.get(in);
      out.add(g != null ? g.node() : b.zeros(in.shape(), in.dtype()).node());
    }
    return out;
  }

  private static void accumulate(GradBuilder b, Map<Node, TensorValue> adjoint, Set<Node> live, Node target,
      TensorValue grad) {
    if (grad == null || !live.contains(target) || !target.dtype().isFloating()) {
      return;
    }
    TensorValue g = b.ops().cast(grad, target.dtype());
    assert g.node().shape().equals(target.shape()) : "gradient " + g.node() + " does not match " + target;
    adjoint.merge(target, g, b::add);
  }

  /** Inputs before consumers, each node once. */
  static List<Node> topologicalOrder(Node root) {
    List<Node> order = new ArrayList<>();
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> stack = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    stack.push(root);
    next.push(0);
    seen.add(root);
    while (!stack.isEmpty()) {
      Node node = stack.peek();
      int i = next.pop();
      if (i < node.inputs().size()) {
        next.push(i + 1);
        Node in = node.input(i);
        if (seen.add(in)) {
          stack.push(in);
          next.push(0);
        }
      } else {
        stack.pop();
        order.add(node);
      }
    }
    return order;
  }

  private static Set<Node> dependsOnInputs(List<Node> order, List<Node> inputs) {
    Set<Node> live = Collections.newSetFromMap(new IdentityHashMap<>());
    live.addAll(inputs);
    for (Node node : order) {
      if (opaque(node)) {
        continue;
      }
      for (Node in : node.inputs()) {
        if (live.contains(in)) {
          live.add(node);
          break;
        }
      }
    }
    return live;
  }

  /** Dispatches a node to its op family's backward rule. */
  private record Rules(ElementwiseVjp elementwise, StructuralVjp structural, IndexVjp index) {
    Rules(GradBuilder b) {
      this(new ElementwiseVjp(b), new StructuralVjp(b), new IndexVjp(b));
    }

    List<TensorValue> vjp(Node node, TensorValue g) {
      return switch (node.op().family()) {
        case UNARY -> elementwise.unary(node, g);
        case BINARY -> elementwise.binary(node, g);
        case TERNARY -> elementwise.where(node, g);
        case REDUCE -> structural.reduce(node, g);
        case MATMUL -> structural.product(node, g);
        case MOVEMENT -> structural.movement(node, g);
        case INDEX -> index.apply(node, g);
        default -> new ArrayList<>(Collections.nCopies(node.inputs().size(), (TensorValue) null));
      };
    }
  }
}
