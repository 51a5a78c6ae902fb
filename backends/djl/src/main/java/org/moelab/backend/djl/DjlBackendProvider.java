package org.moelab.backend.djl;

import java.nio.file.Path;
import org.moelab.backend.Backend;
import org.moelab.backend.BackendProvider;

/**
 * Registers the DJL PyTorch backend as {@code djl}, the default (priority 100).
 *
 * <p>Before DJL's engine is touched it forces offline mode ({@code ai.djl.offline=true}) and opts
 * out of usage tracking unless the user set them, and points {@code DJL_CACHE_DIR} at {@code
 * ~/.cache/moelab/djl} when neither the environment nor a system property names one. The PyTorch
 * natives come from the bundled {@code pytorch-native-cpu} jar, which DJL extracts into that cache
 * instead of downloading.
 */
public final class DjlBackendProvider implements BackendProvider {
  /** The name users select this backend by. */
  public static final String NAME = "djl";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Backend create() {
    configureOffline();
    return DjlBackend.start();
  }

  /** Sets DJL's offline, tracking and cache properties where the user left them unset. */
  static void configureOffline() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    if (System.getenv("DJL_CACHE_DIR") == null) {
      String home = System.getProperty("user.home");
      setIfAbsent("DJL_CACHE_DIR", Path.of(home, ".cache", "moelab", "djl").toString());
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
