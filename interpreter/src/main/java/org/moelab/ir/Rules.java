package org.moelab.ir;

import java.util.List;
import java.util.Optional;

/**
 * The simplification rules, each with its algebra. A replacement always has the node's exact
 * shape and dtype, so rewriting never changes what a graph computes.
 */
public final class Rules {
  private Rules() {}

  /** Every rule, in the order the rewriter tries them. */
  public static final List<Rule> ALL = List.of(
      new Rule("mul-one", "x * 1 -> x", n -> identityOperand(n, Op.MUL, 1.0)),
      new Rule("add-zero", "x + 0 -> x", n -> identityOperand(n, Op.ADD, 0.0)),
      new Rule("sub-zero", "x - 0 -> x", n -> rightIdentity(n, Op.SUB, 0.0)),
      new Rule("div-one", "x / 1 -> x", n -> rightIdentity(n, Op.DIV, 1.0)),
      new Rule("neg-neg", "-(-x) -> x", n -> involution(n, Op.NEG)),
      new Rule("not-not", "not (not x) -> x", n -> involution(n, Op.NOT)),
      new Rule("reshape-reshape", "reshape(reshape(x, s1), s2) -> reshape(x, s2)", Rules::reshapeChain),
      new Rule("reshape-noop", "reshape(x, shape(x)) -> x", n -> sameShapeInput(n, Op.RESHAPE)),
      new Rule("expand-noop", "expand(x, shape(x)) -> x", n -> sameShapeInput(n, Op.EXPAND)),
      new Rule("cast-noop", "cast(x: t, t) -> x", n -> n.op() == Op.CAST && n.input(0).dtype() == n.dtype()
          ? Optional.of(n.input(0)) : Optional.empty()),
      new Rule("permute-permute", "permute(permute(x, a), b) -> permute(x, a[b])", Rules::permuteChain),
      new Rule("permute-identity", "permute(x, [0, 1, ..]) -> x", Rules::permuteIdentity));

  /** The constant fill value of a FULL node, if it is one. */
  static Optional<Double> fill(Node n) {
    return n.op() == Op.FULL ? Optional.of(n.attrs().getDouble("value")) : Optional.empty();
  }

  private static Optional<Node> identityOperand(Node n, Op op, double identity) {
    if (n.op() != op) {
      return Optional.empty();
    }
    Optional<Node> right = rightIdentity(n, op, identity);
    if (right.isPresent()) {
      return right;
    }
    Node a = n.input(0);
    Node b = n.input(1);
    return fill(a).filter(v -> v == identity).isPresent() && sameType(b, n) ? Optional.of(b) : Optional.empty();
  }

  private static Optional<Node> rightIdentity(Node n, Op op, double identity) {
    if (n.op() != op) {
      return Optional.empty();
    }
    Node a = n.input(0);
    Node b = n.input(1);
    return fill(b).filter(v -> v == identity).isPresent() && sameType(a, n) ? Optional.of(a) : Optional.empty();
  }

  private static boolean sameType(Node candidate, Node n) {
    return candidate.shape().equals(n.shape()) && candidate.dtype() == n.dtype();
  }

  private static Optional<Node> involution(Node n, Op op) {
    return n.op() == op && n.input(0).op() == op ? Optional.of(n.input(0).input(0)) : Optional.empty();
  }

  private static Optional<Node> sameShapeInput(Node n, Op op) {
    return n.op() == op && n.input(0).shape().equals(n.shape()) ? Optional.of(n.input(0)) : Optional.empty();
  }

  private static Optional<Node> reshapeChain(Node n) {
    if (n.op() != Op.RESHAPE || n.input(0).op() != Op.RESHAPE) {
      return Optional.empty();
    }
    return Optional.of(Node.of(Op.RESHAPE, List.of(n.input(0).input(0)), Attrs.none(), n.shape(), n.dtype()));
  }

  private static Optional<Node> permuteChain(Node n) {
    if (n.op() != Op.PERMUTE || n.input(0).op() != Op.PERMUTE) {
      return Optional.empty();
    }
    long[] inner = n.input(0).attrs().getLongs("axes");
    long[] outer = n.attrs().getLongs("axes");
    long[] combined = new long[outer.length];
    for (int i = 0; i < outer.length; i++) {
      combined[i] = inner[(int) outer[i]];
    }
    return Optional.of(Node.of(Op.PERMUTE, List.of(n.input(0).input(0)), Attrs.of("axes", combined), n.shape(), n.dtype()));
  }

  private static Optional<Node> permuteIdentity(Node n) {
    if (n.op() != Op.PERMUTE) {
      return Optional.empty();
    }
    long[] axes = n.attrs().getLongs("axes");
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] != i) {
        return Optional.empty();
      }
    }
    return Optional.of(n.input(0));
  }
}
