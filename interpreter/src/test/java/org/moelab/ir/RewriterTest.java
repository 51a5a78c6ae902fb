package org.moelab.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moelab.runtime.Mode;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;
import org.moelab.types.Dim;
import org.moelab.types.SymShape;

/** Each rewrite rule on a small graph, and hash-consing of the rebuilt nodes. */
class RewriterTest {
  private final TensorOps ops = new TensorOps(Mode.RUN);
  private final TensorValue x = ops.constant(HostTensor.ofFloats(Shape.of(2, 3), 1, 2, 3, 4, 5, 6), "x");

  private Node simplify(TensorValue t) {
    Node out = Rewriter.simplify(t.node());
    assertTrue(Verifier.verify(List.of(out)).isEmpty(), () -> Verifier.verify(List.of(out)).toString());
    return out;
  }

  @Test
  void multiplyingByOneIsIdentity() {
    TensorValue y = ops.binary(Op.MUL, x, ops.full(SymShape.fixed(), 1, DType.F32));
    assertSame(x.node(), simplify(y));
  }

  @Test
  void addingZeroOnTheLeftIsIdentity() {
    TensorValue y = ops.binary(Op.ADD, ops.full(SymShape.fixed(), 0, DType.F32), x);
    assertSame(x.node(), simplify(y));
  }

  @Test
  void multiplyByOneThatBroadcastsUpIsKept() {
    TensorValue y = ops.binary(Op.MUL, x, ops.full(SymShape.fixed(4, 2, 3), 1, DType.F32));
    assertNotSame(x.node(), simplify(y));
  }

  @Test
  void doubleNegationCancels() {
    assertSame(x.node(), simplify(ops.unary(Op.NEG, ops.unary(Op.NEG, x))));
  }

  @Test
  void reshapeChainsCollapse() {
    TensorValue y = ops.reshape(ops.reshape(x, List.of(Dim.of(6))), List.of(Dim.of(3), Dim.of(2)));
    Node out = simplify(y);
    assertEquals(Op.RESHAPE, out.op());
    assertSame(x.node(), out.input(0));
  }

  @Test
  void transposeTwiceIsIdentity() {
    assertSame(x.node(), simplify(ops.transpose(ops.transpose(x))));
  }

  @Test
  void rulesRebuildNodesThroughUnchangedParents() {
    TensorValue inner = ops.binary(Op.MUL, x, ops.full(SymShape.fixed(), 1, DType.F32));
    TensorValue y = ops.unary(Op.EXP, inner);
    Node out = simplify(y);
    assertEquals(Op.EXP, out.op());
    assertSame(x.node(), out.input(0));
    assertSame(out, Node.of(Op.EXP, List.of(x.node()), Attrs.none(), out.shape(), out.dtype()), "hash-consed");
  }

  @Test
  void everyRuleHasItsAlgebra() {
    for (Rule r : Rules.ALL) {
      assertTrue(r.algebra().contains("->"), r.name());
    }
  }
}
