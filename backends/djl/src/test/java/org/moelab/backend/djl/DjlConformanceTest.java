package org.moelab.backend.djl;

import org.moelab.backend.Backend;
import org.moelab.backend.conformance.BackendConformanceTest;

/** Runs the backend conformance suite on the DJL PyTorch backend. */
class DjlConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new DjlBackendProvider().create();
  }
}
