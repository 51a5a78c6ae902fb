package org.moelab.backend;

/**
 * Plugs a {@link Backend} in through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/org.moelab.backend.BackendProvider}.
 */
public interface BackendProvider {
  /** The name users select it by. */
  String name();

  /** Higher wins when the user names no backend. */
  int priority();

  /** Creates a new backend instance. Throws {@link BackendException} if it cannot start. */
  Backend create();
}
