package org.moelab.session;

/** Opens sessions; the one entry point the command line and the kernel use. */
public final class Sessions {
  private Sessions() {}

  /**
   * Opens a session with the given options; prints and displays go to {@code listener}.
   *
   * @throws org.moelab.backend.BackendException if the backend cannot start
   */
  public static Session open(SessionOptions options, SessionListener listener) {
    return new org.moelab.runtime.InterpreterSession(options, listener);
  }
}
