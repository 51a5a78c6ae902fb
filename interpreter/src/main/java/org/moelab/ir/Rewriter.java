package org.moelab.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies {@link Rules} bottom-up until no rule matches: each node's inputs are simplified first,
 * then rules are tried on the rebuilt node. Hash-consing makes rebuilt nodes shared again.
 */
public final class Rewriter {
  private final List<Rule> rules;
  private final Map<Node, Node> done = new IdentityHashMap<>();

  /** A rewriter with the given rules. */
  public Rewriter(List<Rule> rules) {
    this.rules = rules;
  }

  /** Simplifies with every rule in {@link Rules#ALL}. */
  public static Node simplify(Node root) {
    return new Rewriter(Rules.ALL).rewrite(root, n -> false);
  }

  /**
   * Simplifies the graph of {@code root} with every rule, leaving nodes for which {@code keep}
   * holds (already computed ones) and everything below them as they are.
   */
  public static Node simplify(Node root, java.util.function.Predicate<Node> keep) {
    return new Rewriter(Rules.ALL).rewrite(root, keep);
  }

  /** The simplified form of {@code root}; nodes for which {@code keep} holds stay unchanged. */
  public Node rewrite(Node root, java.util.function.Predicate<Node> keep) {
    for (Node n : GraphDump.topological(List.of(root), keep)) {
      done.put(n, keep.test(n) ? n : fixpoint(rebuild(n)));
    }
    return done.get(root);
  }

  private Node rebuild(Node n) {
    List<Node> inputs = new ArrayList<>(n.inputs().size());
    boolean changed = false;
    for (Node in : n.inputs()) {
      Node r = done.get(in);
      inputs.add(r);
      changed |= r != in;
    }
    return changed ? Node.of(n.op(), inputs, n.attrs(), n.shape(), n.dtype()) : n;
  }

  private Node fixpoint(Node n) {
    Node current = n;
    for (int guard = 0; guard < 64; guard++) {
      Node next = applyOnce(current);
      if (next == current) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private Node applyOnce(Node n) {
    for (Rule rule : rules) {
      Optional<Node> r = rule.apply().apply(n);
      if (r.isPresent()) {
        return r.get();
      }
    }
    return n;
  }
}
