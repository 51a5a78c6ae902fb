package org.moelab.backend.conformance;

import java.util.List;
import org.moelab.ir.Attrs;
import org.moelab.ir.Op;
import org.moelab.tensor.HostTensor;

/**
 * One conformance case: an op with attributes applied to host inputs, and the output PyTorch
 * computed for it (see {@code tools/fixtures/gen_op_fixtures.py}).
 *
 * @param op the op under test
 * @param name the case name, unique per op
 * @param attrs the node's attributes
 * @param inputs input tensors, in op order
 * @param expected the reference output; its shape and dtype are the node's
 */
public record OpFixture(Op op, String name, Attrs attrs, List<HostTensor> inputs, HostTensor expected) {
  /** Prints as {@code ADD/bcast_2d}, the name JUnit shows. */
  @Override
  public String toString() {
    return op + "/" + name;
  }
}
