package org.moelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.moelab.io.NpzFile;
import org.moelab.tensor.HostTensor;

/**
 * Five steps of each optimizer on {@code L = Σ c ⊙ (w − target)²}, c = [1, 2, 3, 4] per row,
 * against the parameters torch.optim recorded after every step (tools/fixtures/gen_grad_fixtures.py).
 */
class OptimizerTest {
  private static final Path FIXTURES = Path.of("..", "tests", "golden", "train", "fixtures");

  static Stream<Arguments> cases() {
    LrSchedule.Constant lr05 = new LrSchedule.Constant(0.05);
    LrSchedule.Constant lr1 = new LrSchedule.Constant(0.1);
    return Stream.of(
        Arguments.of("sgd", new OptimizerConfig("sgd", lr05, 0, 0, false, 0.9, 0.999, 1e-8, 0)),
        Arguments.of("sgd_momentum", new OptimizerConfig("sgd", lr05, 0.9, 0, false, 0.9, 0.999, 1e-8, 0.01)),
        Arguments.of("sgd_nesterov", new OptimizerConfig("sgd", lr05, 0.9, 0, true, 0.9, 0.999, 1e-8, 0)),
        Arguments.of("adam", new OptimizerConfig("adam", lr1, 0, 0, false, 0.9, 0.999, 1e-8, 0.01)),
        Arguments.of("adamw", new OptimizerConfig("adamw", lr1, 0, 0, false, 0.8, 0.99, 1e-6, 0.1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTorchOverFiveSteps(String name, OptimizerConfig config) {
    try (NpzFile npz = NpzFile.open(FIXTURES.resolve("optim_" + name + ".npz"))) {
      Parameter w = new Parameter("w", npz.read("w0"));
      double[] target = npz.read("target").toDoubleArray();
      double[] steps = npz.read("steps").toDoubleArray();
      Optimizer opt = config.create();
      for (int step = 0; step < 5; step++) {
        w.setGrad(quadraticGrad(w.value(), target));
        opt.step(List.of(w), config.lr().at(step), config.weightDecay());
        for (int i = 0; i < 12; i++) {
          double want = steps[step * 12 + i];
          assertEquals(want, w.value()[i], 2e-6 * Math.max(1, Math.abs(want)), name + " step " + step + " element " + i);
        }
      }
    }
  }

  /** ∂/∂w Σ c (w − t)² = 2 c (w − t), c = column index + 1 of a [3, 4] tensor. */
  private static double[] quadraticGrad(double[] w, double[] t) {
    double[] g = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      g[i] = 2.0 * (i % 4 + 1) * (w[i] - t[i]);
    }
    return g;
  }

  @ParameterizedTest
  @MethodSource("schedules")
  void schedulesGiveHandWorkedRates(LrSchedule s, long step, double want) {
    assertEquals(want, s.at(step), 1e-12);
  }

  static Stream<Arguments> schedules() {
    LrSchedule cosine = new LrSchedule.Cosine(1.0, 10, 2, 0.0);
    return Stream.of(
        Arguments.of(new LrSchedule.Constant(0.3), 7L, 0.3),
        Arguments.of(new LrSchedule.Warmup(1.0, 4), 0L, 0.25),
        Arguments.of(new LrSchedule.Warmup(1.0, 4), 3L, 1.0),
        Arguments.of(new LrSchedule.Warmup(1.0, 4), 9L, 1.0),
        Arguments.of(cosine, 0L, 0.5),
        Arguments.of(cosine, 2L, 1.0),
        Arguments.of(cosine, 6L, 0.5),
        Arguments.of(cosine, 10L, 0.0),
        Arguments.of(new LrSchedule.Cosine(1.0, 4, 0, 0.2), 2L, 0.6));
  }

  @org.junit.jupiter.api.Test
  void clippingScalesToTheGlobalNorm() {
    Parameter a = new Parameter("a", HostTensor.ofDoubles(org.moelab.tensor.Shape.of(2), 0, 0));
    Parameter b = new Parameter("b", HostTensor.ofDoubles(org.moelab.tensor.Shape.of(1), 0));
    a.setGrad(new double[] {3, 0});
    b.setGrad(new double[] {4});
    assertEquals(5.0, GradClip.clipGlobalNorm(List.of(a, b), 1.0), 1e-12);
    assertEquals(0.6, a.grad()[0], 1e-6);
    assertEquals(0.8, b.grad()[0], 1e-6);
  }
}
