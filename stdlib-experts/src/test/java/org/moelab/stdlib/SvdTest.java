package org.moelab.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SvdTest {
  @Test
  void rankOneMatrixGivesItsRightFactor() {
    double[] u = {1, 2, -2};
    double[] v = {0.6, 0.0, -0.8};
    double[] m = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i * 3 + j] = u[i] * v[j];
      }
    }
    assertArrayEquals(new double[] {-0.6, 0.0, 0.8}, Svd.topRightSingularVector(m, 3, 3), 1e-9);
  }

  @Test
  void diagonalMatrixPicksTheLargestAxis() {
    double[] m = {1, 0, 0, 3};
    assertArrayEquals(new double[] {0, 1}, Svd.topRightSingularVector(m, 2, 2), 1e-9);
  }

  @Test
  void zeroMatrixGivesZero() {
    assertArrayEquals(new double[] {0, 0}, Svd.topRightSingularVector(new double[4], 2, 2), 0);
  }
}
