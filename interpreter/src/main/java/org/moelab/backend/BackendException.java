package org.moelab.backend;

/** A backend could not be found or started, or failed to execute an op. */
public class BackendException extends RuntimeException {
  /** With a message that says what went wrong and how to fix it. */
  public BackendException(String message) {
    super(message);
  }

  /** With a cause. */
  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
