package org.moelab.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.moelab.ir.Node;

/**
 * Rebuilds graphs with some nodes replaced by others of the same shape and dtype: a traced forward
 * and backward graph re-targeted at new parameter values or a new batch, without tracing again.
 * Nodes that depend on no replaced node are kept as they are (so cached values stay valid).
 */
public final class Substitution {
  private final Map<Node, Node> memo = new IdentityHashMap<>();

  /** A substitution of {@code replacements} (old node to new node). */
  public Substitution(Map<Node, Node> replacements) {
    replacements.forEach((from, to) -> {
      if (!from.shape().equals(to.shape()) || from.dtype() != to.dtype()) {
        throw new IllegalArgumentException("cannot replace " + from + " by " + to + ": shapes or dtypes differ");
      }
      memo.put(from, to);
    });
  }

  /** {@code root} with the replacements applied. */
  public Node apply(Node root) {
    for (Node node : Gradients.topologicalOrder(root)) {
      if (memo.containsKey(node)) {
        continue;
      }
      List<Node> inputs = new ArrayList<>(node.inputs().size());
      boolean changed = false;
      for (Node in : node.inputs()) {
        Node mapped = memo.get(in);
        inputs.add(mapped);
        changed |= mapped != in;
      }
      memo.put(node, changed ? Node.of(node.op(), inputs, node.attrs(), node.shape(), node.dtype()) : node);
    }
    return memo.get(root);
  }

  /** Each of {@code roots} with the replacements applied (shared subgraphs rebuilt once). */
  public List<Node> applyAll(List<Node> roots) {
    List<Node> out = new ArrayList<>(roots.size());
    for (Node r : roots) {
      out.add(apply(r));
    }
    return out;
  }
}
