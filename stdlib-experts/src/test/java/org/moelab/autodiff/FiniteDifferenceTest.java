package org.moelab.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.moelab.backend.Backend;
import org.moelab.ir.Node;
import org.moelab.ir.Op;
import org.moelab.runtime.Executor;
import org.moelab.runtime.Mode;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Checks every backward rule against central finite differences in double precision, on a real
 * backend: {@code L = Σ f(x) ⊙ R} with fixed random weights R, analytic ∂L/∂x from {@link
 * Gradients} against {@code (L(x + h e_j) − L(x − h e_j)) / 2h}. Subclasses pick the backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FiniteDifferenceTest {
  private final TensorOps ops = new TensorOps(Mode.RUN);
  private Backend backend;
  private Executor executor;

  protected abstract Backend createBackend();

  @BeforeAll
  void start() {
    backend = createBackend();
    executor = new Executor(backend, () -> false);
  }

  @AfterAll
  void stop() {
    executor.close();
    backend.close();
  }

  List<GradCase> cases() {
    return GradCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesFiniteDifferences(GradCase c) {
    List<TensorValue> inputs = new ArrayList<>();
    for (HostTensor t : c.inputs()) {
      inputs.add(ops.constant(t, "x"));
    }
    Node loss = weightedSum(c.body().apply(new GradCase.Args(ops, inputs)));
    List<Node> wrt = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (c.differentiate()[i]) {
        wrt.add(inputs.get(i).node());
      }
    }
    List<Node> grads = Gradients.of(loss, wrt);
    int k = 0;
    for (int i = 0; i < inputs.size(); i++) {
      if (!c.differentiate()[i]) {
        continue;
      }
      double[] analytic = executor.fetch(grads.get(k++)).toDoubleArray();
      double[] numeric = numeric(c, loss, inputs.get(i).node(), c.inputs().get(i));
      assertClose(c + " input " + i, numeric, analytic, c.tolerance());
    }
  }

  private Node weightedSum(TensorValue y) {
    Random r = new Random(99);
    double[] w = new double[Math.toIntExact(y.node().shape().size())];
    for (int j = 0; j < w.length; j++) {
      w[j] = 0.5 + r.nextDouble();
    }
    TensorValue weights = ops.constant(HostTensor.fromDoubles(y.dtype(), y.node().shape(), w), "R");
    return ops.reduce(Op.SUM, ops.binary(Op.MUL, y, weights), new int[0], false).node();
  }

  private double[] numeric(GradCase c, Node loss, Node input, HostTensor value) {
    double[] x = value.toDoubleArray();
    double[] out = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      double keep = x[j];
      x[j] = keep + c.step();
      double up = evaluateWith(loss, input, x, value.shape());
      x[j] = keep - c.step();
      double down = evaluateWith(loss, input, x, value.shape());
      x[j] = keep;
      out[j] = (up - down) / (2 * c.step());
    }
    return out;
  }

  private double evaluateWith(Node loss, Node input, double[] x, Shape shape) {
    Node replacement = ops.constant(HostTensor.fromDoubles(input.dtype(), shape, x), "x'").node();
    Map<Node, Node> swap = new HashMap<>();
    swap.put(input, replacement);
    return executor.fetch(new Substitution(swap).apply(loss)).getDouble(0);
  }

  private static void assertClose(String what, double[] want, double[] got, double tol) {
    for (int j = 0; j < want.length; j++) {
      if (!(Math.abs(want[j] - got[j]) <= tol * Math.max(1, Math.abs(want[j])))) {
        fail(what + " element " + j + ": finite differences " + want[j] + ", autodiff " + got[j]
            + "\nall numeric:  " + java.util.Arrays.toString(want) + "\nall autodiff: " + java.util.Arrays.toString(got));
      }
    }
  }

  @Test
  void maxSharesTiedGradientEqually() {
    TensorValue x = ops.constant(HostTensor.ofDoubles(Shape.of(4), 1, 3, 3, 2), "x");
    Node loss = ops.reduce(Op.MAX, x, new int[0], false).node();
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, executor.fetch(Gradients.of(loss, List.of(x.node())).get(0))
        .toDoubleArray(), 0);
  }

  @Test
  void maximumSplitsTiesInHalf() {
    TensorValue a = ops.constant(HostTensor.ofDoubles(Shape.of(3), 1, 2, 5), "a");
    TensorValue b = ops.constant(HostTensor.ofDoubles(Shape.of(3), 3, 2, 4), "b");
    Node loss = ops.reduce(Op.SUM, ops.binary(Op.MAXIMUM, a, b), new int[0], false).node();
    List<Node> g = Gradients.of(loss, List.of(a.node(), b.node()));
    assertArrayEquals(new double[] {0, 0.5, 1}, executor.fetch(g.get(0)).toDoubleArray(), 0);
    assertArrayEquals(new double[] {1, 0.5, 0}, executor.fetch(g.get(1)).toDoubleArray(), 0);
  }

  @Test
  void unusedInputGetsZeros() {
    TensorValue a = ops.constant(HostTensor.ofDoubles(Shape.of(2), 1, 2), "a");
    TensorValue b = ops.constant(HostTensor.ofDoubles(Shape.of(3), 1, 2, 3), "b");
    Node loss = ops.reduce(Op.SUM, a, new int[0], false).node();
    assertArrayEquals(new double[] {0, 0, 0}, executor.fetch(Gradients.of(loss, List.of(b.node())).get(0))
        .toDoubleArray(), 0);
  }
}
