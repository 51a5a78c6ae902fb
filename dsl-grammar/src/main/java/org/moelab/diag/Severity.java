package org.moelab.diag;

/** How bad a {@link Diagnostic} is; only {@link #ERROR} stops a run. */
public enum Severity {
  ERROR,
  WARNING,
  NOTE;

  /** The lower-case word printed in front of the code, as in {@code error[E012]}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
