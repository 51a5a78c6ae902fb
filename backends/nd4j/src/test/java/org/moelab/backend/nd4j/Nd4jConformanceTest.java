package org.moelab.backend.nd4j;

import org.moelab.backend.Backend;
import org.moelab.backend.conformance.BackendConformanceTest;

/** Runs the backend conformance suite on the ND4J backend. */
class Nd4jConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new Nd4jBackendProvider().create();
  }
}
