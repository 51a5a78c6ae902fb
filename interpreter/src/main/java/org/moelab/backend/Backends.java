package org.moelab.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds backends with {@link ServiceLoader}; {@code MOE_BACKEND} overrides the default. */
public final class Backends {
  /** The environment variable that names the default backend. */
  public static final String ENV = "MOE_BACKEND";

  private Backends() {}

  /** Every provider on the class path, highest priority first. */
  public static List<BackendProvider> providers() {
    List<BackendProvider> all = new ArrayList<>();
    ServiceLoader.load(BackendProvider.class).forEach(all::add);
    all.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
    return all;
  }

  /** Names of every available backend. */
  public static List<String> names() {
    return providers().stream().map(BackendProvider::name).toList();
  }

  /** The provider called {@code name}, if present. */
  public static Optional<BackendProvider> find(String name) {
    return providers().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * Creates the backend called {@code name}; with {@code null}, the one named by {@code
   * MOE_BACKEND}, else the highest-priority provider.
   */
  public static Backend create(String name) {
    String wanted = name != null ? name : System.getenv(ENV);
    if (wanted == null || wanted.isBlank()) {
      List<BackendProvider> all = providers();
      if (all.isEmpty()) {
        throw new BackendException("No tensor backend is on the class path; add backend-djl or backend-nd4j.");
      }
      return all.get(0).create();
    }
    return find(wanted)
        .orElseThrow(() -> new BackendException(
            "Unknown backend '" + wanted + "'; available: " + String.join(", ", names()) + "."))
        .create();
  }
}
