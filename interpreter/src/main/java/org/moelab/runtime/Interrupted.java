package org.moelab.runtime;

/** Thrown at the next cancellation check after {@code Session.interrupt()}. */
public final class Interrupted extends RuntimeException {
  /** The one message. */
  public Interrupted() {
    super("Interrupted.", null, false, false);
  }
}
