package org.moelab.types;

/**
 * A shape or dtype rule was broken. The message is a full sentence naming both shapes; the
 * evaluator turns it into a diagnostic at the span of the offending expression.
 */
public final class ShapeError extends RuntimeException {
  private final String help;

  /** With a message and no help line. */
  public ShapeError(String message) {
    this(message, null);
  }

  /** With a message and a help line saying how to fix it (may be null). */
  public ShapeError(String message, String help) {
    super(message, null, false, false);
    this.help = help;
  }

  /** How to fix it, or null. */
  public String help() {
    return help;
  }
}
