package org.moelab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The seeded evolution strategy behind {@code gradient_free}: convergence, bounds, budget, determinism. */
class GradientFreeTest {
  /** Σ (x_i − c_i)² with minimum 0 at c = (0.7, −1.2, 0.3, 1.0). */
  private static final ToDoubleFunction<double[]> SPHERE = x -> {
    double[] c = {0.7, -1.2, 0.3, 1.0};
    double s = 0;
    for (int i = 0; i < c.length; i++) {
      s += (x[i] - c[i]) * (x[i] - c[i]);
    }
    return s;
  };

  private static GradientFree.Result run(ToDoubleFunction<double[]> f, int n, double lower, double upper, long seed,
      int budget) {
    return new GradientFree(n, lower, upper, seed).minimize(f, new double[n], 0.5, budget, (count, best) -> { });
  }

  @Test
  void findsTheMinimumOfAShiftedSphere() {
    GradientFree.Result r = run(SPHERE, 4, -1.5, 1.5, 0, 400);
    assertTrue(r.value() < 1e-4, "value " + r.value());
    assertArrayEquals(new double[] {0.7, -1.2, 0.3, 1.0}, r.x(), 1e-2);
  }

  @Test
  void staysInsideTheBoxAndFindsTheMinimumOnItsEdge() {
    List<double[]> seen = new ArrayList<>();
    ToDoubleFunction<double[]> f = x -> {
      seen.add(x.clone());
      return (x[0] - 3) * (x[0] - 3) + (x[1] + 3) * (x[1] + 3);
    };
    GradientFree.Result r = run(f, 2, -1.5, 1.5, 1, 200);
    assertTrue(seen.stream().allMatch(x -> Math.abs(x[0]) <= 1.5 && Math.abs(x[1]) <= 1.5));
    assertArrayEquals(new double[] {1.5, -1.5}, r.x(), 1e-3);
  }

  @Test
  void usesExactlyTheBudgetAndStartsAtTheStartPoint() {
    GradientFree.Result r = run(SPHERE, 4, -1.5, 1.5, 2, 37);
    assertEquals(37, r.values().size());
    assertEquals(SPHERE.applyAsDouble(new double[4]), r.values().get(0), 0.0);
    assertEquals(r.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow(), r.value(), 0.0);
  }

  @Test
  void theSameSeedGivesTheSameSearchAndAnotherSeedAnother() {
    assertEquals(run(SPHERE, 4, -1.5, 1.5, 5, 60).values(), run(SPHERE, 4, -1.5, 1.5, 5, 60).values());
    assertTrue(!run(SPHERE, 4, -1.5, 1.5, 5, 60).values().equals(run(SPHERE, 4, -1.5, 1.5, 6, 60).values()));
  }
}
