package org.moelab.ir;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/**
 * The one IR node type: an op applied to input nodes with attributes, producing a tensor of a known
 * shape and dtype.
 *
 * <p>Nodes are immutable and hash-consed: {@link #of} returns the existing node when an equal one
 * (same op, same input nodes, equal attributes, shape and dtype) is alive, so structural equality
 * is identity and common subexpressions are shared for free.
 */
public final class Node {
  private static final Map<Node, WeakReference<Node>> INTERNED = new WeakHashMap<>();

  private final Op op;
  private final List<Node> inputs;
  private final Attrs attrs;
  private final Shape shape;
  private final DType dtype;
  private final int hash;

  private Node(Op op, List<Node> inputs, Attrs attrs, Shape shape, DType dtype) {
    this.op = op;
    this.inputs = inputs;
    this.attrs = attrs;
    this.shape = shape;
    this.dtype = dtype;
    this.hash = computeHash();
  }

  /**
   * The node for {@code op(inputs; attrs)} with output {@code shape} and {@code dtype}. The caller
   * (normally {@link org.moelab.ir.Verifier}-checked graph builders) is responsible for the shape
   * being the op's true output shape.
   */
  public static Node of(Op op, List<Node> inputs, Attrs attrs, Shape shape, DType dtype) {
    Objects.requireNonNull(op, "op");
    if (op.arity() >= 0 && inputs.size() != op.arity()) {
      throw new IllegalArgumentException(op + " takes " + op.arity() + " inputs, got " + inputs.size());
    }
    Node candidate = new Node(op, List.copyOf(inputs), attrs, shape, dtype);
    synchronized (INTERNED) {
      WeakReference<Node> existing = INTERNED.get(candidate);
      Node found = existing == null ? null : existing.get();
      if (found != null) {
        return found;
      }
      INTERNED.put(candidate, new WeakReference<>(candidate));
      return candidate;
    }
  }

  /** The op. */
  public Op op() {
    return op;
  }

  /** Input nodes, in op order. */
  public List<Node> inputs() {
    return inputs;
  }

  /** Input {@code i}. */
  public Node input(int i) {
    return inputs.get(i);
  }

  /** Attributes. */
  public Attrs attrs() {
    return attrs;
  }

  /** Output shape. */
  public Shape shape() {
    return shape;
  }

  /** Output dtype. */
  public DType dtype() {
    return dtype;
  }

  private int computeHash() {
    int h = op.hashCode();
    for (Node in : inputs) {
      h = 31 * h + System.identityHashCode(in);
    }
    return 31 * (31 * (31 * h + attrs.hashCode()) + shape.hashCode()) + dtype.hashCode();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Node other) || other.hash != hash || other.op != op
        || other.dtype != dtype || !other.shape.equals(shape) || !other.attrs.equals(attrs)
        || other.inputs.size() != inputs.size()) {
      return false;
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) != other.inputs.get(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return op + "(" + dtype.languageName() + shape + (attrs.asMap().isEmpty() ? "" : "; " + attrs) + ")";
  }
}
