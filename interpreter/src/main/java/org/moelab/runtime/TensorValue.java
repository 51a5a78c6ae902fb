package org.moelab.runtime;

import java.util.Objects;
import org.moelab.ir.Node;
import org.moelab.tensor.DType;
import org.moelab.types.SymShape;

/**
 * A tensor: its shape and dtype, and, when running (not checking), the IR node that computes it.
 *
 * @param shape the shape (all fixed when {@code node} is present)
 * @param dtype the element type
 * @param node the graph node, or null for an abstract tensor seen by the checker
 */
public record TensorValue(SymShape shape, DType dtype, Node node) implements Value {
  public TensorValue {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    if (!Value.consistent(shape, dtype, node)) {
      throw new IllegalArgumentException("tensor " + shape + " " + dtype + " does not match its node " + node);
    }
  }

  /** A tensor value for a graph node. */
  public static TensorValue of(Node node) {
    return new TensorValue(SymShape.of(node.shape()), node.dtype(), node);
  }

  /** True when this is a checker-only tensor without a graph node. */
  public boolean isAbstract() {
    return node == null;
  }

  @Override
  public String typeName() {
    return "tensor" + shape + " " + dtype.languageName();
  }

  @Override
  public String toString() {
    return typeName();
  }
}
