package org.moelab.backend.nd4j;

import java.nio.file.Path;
import org.moelab.backend.Backend;
import org.moelab.backend.BackendProvider;

/**
 * Registers the ND4J backend as {@code nd4j} (priority 50, below DJL).
 *
 * <p>Before ND4J loads its natives, it points JavaCPP's extraction cache ({@code
 * org.bytedeco.javacpp.cachedir}) at {@code ~/.cache/moelab/javacpp} unless the user set it.
 */
public final class Nd4jBackendProvider implements BackendProvider {
  /** The name users select this backend by. */
  public static final String NAME = "nd4j";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 50;
  }

  @Override
  public Backend create() {
    if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
      String home = System.getProperty("user.home");
      System.setProperty("org.bytedeco.javacpp.cachedir",
          Path.of(home, ".cache", "moelab", "javacpp").toString());
    }
    return Nd4jBackend.start();
  }
}
