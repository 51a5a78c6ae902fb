package org.moelab.kernel.magic;

/** A magic used wrongly; the message says what was wrong and the right form. */
public final class MagicException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message a full sentence naming the bad argument and the fix */
  public MagicException(String message) {
    super(message);
  }
}
