package org.moelab.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The verifier accepts graphs built by TensorOps and names what is wrong in broken ones. */
class VerifierTest {
  private final TensorOps ops = new TensorOps(Mode.RUN);

  @Test
  void sparseDispatchGraphIsValid() {
    TensorValue x = ops.randomNormal(SymShape.fixed(6, 4), 1, 0, 1, DType.F32);
    TensorValue w = ops.randomNormal(SymShape.fixed(3, 4, 5), 2, 0, 1, DType.F32);
    TensorValue idx = ops.topkIndices(ops.softmax(ops.randomNormal(SymShape.fixed(6, 3), 3, 0, 1, DType.F32), -1), 2, true);
    TensorValue flat = ops.reshape(idx, List.of(Dim.of(12)));
    TensorValue order = ops.argsort(flat, false);
    TensorValue offsets = ops.concat(List.of(ops.full(SymShape.fixed(1), 0, DType.I64),
        ops.cumsum(ops.bincount(flat, 3), 0)), 0);
    TensorValue xs = ops.indexSelect(ops.reshape(ops.expand(ops.unsqueeze(x, 1), SymShape.fixed(6, 2, 4)),
        List.of(Dim.of(12), Dim.of(4))), 0, order);
    TensorValue y = ops.segmentMatmul(xs, w, offsets);
    TensorValue back = ops.indexAdd(ops.full(SymShape.fixed(12, 5), 0, DType.F32), 0, order, y);
    assertEquals(List.of(), Verifier.verify(List.of(back.node())));
  }

  @Test
  void wrongOutputShapeIsReported() {
    Node a = ops.constant(HostTensor.ofFloats(Shape.of(2, 3), new float[6]), "a").node();
    Node bad = Node.of(Op.EXP, List.of(a), Attrs.none(), Shape.of(3, 2), DType.F32);
    List<String> problems = Verifier.verify(List.of(bad));
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("shape differs from its input"), problems.get(0));
  }

  @Test
  void mixedDtypesInBinaryOpAreReported() {
    Node a = ops.constant(HostTensor.ofFloats(Shape.of(2), 1, 2), "a").node();
    Node b = ops.constant(HostTensor.ofLongs(Shape.of(2), 1, 2), "b").node();
    Node bad = Node.of(Op.ADD, List.of(a, b), Attrs.none(), Shape.of(2), DType.F32);
    assertTrue(Verifier.verify(List.of(bad)).get(0).contains("different dtypes"));
  }

  @Test
  void badSegmentOffsetsAreReported() {
    Node x = ops.constant(HostTensor.ofFloats(Shape.of(2, 2), new float[4]), "x").node();
    Node w = ops.constant(HostTensor.ofFloats(Shape.of(2, 2, 2), new float[8]), "w").node();
    Node off = ops.constant(HostTensor.ofLongs(Shape.of(2), 0, 2), "off").node();
    Node bad = Node.of(Op.SEGMENT_MATMUL, List.of(x, w, off), Attrs.none(), Shape.of(2, 2), DType.F32);
    assertTrue(Verifier.verify(List.of(bad)).get(0).contains("offsets must be i64 [G + 1]"));
  }

  @Test
  void segmentOuterFromTensorOpsIsValid() {
    TensorValue x = ops.randomNormal(SymShape.fixed(5, 3), 1, 0, 1, DType.F32);
    TensorValue dy = ops.randomNormal(SymShape.fixed(5, 2), 2, 0, 1, DType.F32);
    TensorValue offsets = ops.constant(HostTensor.ofLongs(Shape.of(4), 0, 2, 2, 5), "off");
    TensorValue out = ops.segmentOuter(x, dy, offsets, Dim.of(3));
    assertEquals(Shape.of(3, 3, 2), out.node().shape());
    assertEquals(List.of(), Verifier.verify(List.of(out.node())));
  }

  @Test
  void segmentOuterWithWrongGroupCountIsReported() {
    Node x = ops.constant(HostTensor.ofFloats(Shape.of(2, 3), new float[6]), "x").node();
    Node dy = ops.constant(HostTensor.ofFloats(Shape.of(2, 2), new float[4]), "dy").node();
    Node off = ops.constant(HostTensor.ofLongs(Shape.of(3), 0, 1, 2), "off").node();
    Node bad = Node.of(Op.SEGMENT_OUTER, List.of(x, dy, off), Attrs.none(), Shape.of(3, 3, 2), DType.F32);
    assertTrue(Verifier.verify(List.of(bad)).get(0).contains("output must be [G, a, b]"));
  }

  @Test
  void segmentOuterWithMismatchedRowsIsReported() {
    Node x = ops.constant(HostTensor.ofFloats(Shape.of(2, 3), new float[6]), "x").node();
    Node dy = ops.constant(HostTensor.ofFloats(Shape.of(3, 2), new float[6]), "dy").node();
    Node off = ops.constant(HostTensor.ofLongs(Shape.of(2), 0, 2), "off").node();
    Node bad = Node.of(Op.SEGMENT_OUTER, List.of(x, dy, off), Attrs.none(), Shape.of(1, 3, 2), DType.F32);
    assertTrue(Verifier.verify(List.of(bad)).get(0).contains("needs x [N, a] and dy [N, b]"));
  }
}
