package org.moelab.autodiff;

import org.moelab.backend.Backend;
import org.moelab.backend.djl.DjlBackendProvider;

/** Gradient checks on the DJL (PyTorch) backend. */
class DjlGradientTest extends FiniteDifferenceTest {
  @Override
  protected Backend createBackend() {
    return new DjlBackendProvider().create();
  }
}
