package org.moelab.merge;

/** A merge that cannot be done as asked; the message names the tensor or parameter and the fix. */
public final class MergeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, a full sentence with the fix. */
  public MergeException(String message) {
    super(message);
  }

  /** A failure caused by {@code cause}. */
  public MergeException(String message, Throwable cause) {
    super(message, cause);
  }
}
