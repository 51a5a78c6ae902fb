package org.moelab.autodiff;

import org.moelab.backend.Backend;
import org.moelab.backend.nd4j.Nd4jBackendProvider;

/** Gradient checks on the ND4J backend. */
class Nd4jGradientTest extends FiniteDifferenceTest {
  @Override
  protected Backend createBackend() {
    return new Nd4jBackendProvider().create();
  }
}
