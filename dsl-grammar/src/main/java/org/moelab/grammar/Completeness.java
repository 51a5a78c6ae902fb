package org.moelab.grammar;

/** Whether a piece of text is a whole unit that can run (Jupyter's {@code is_complete}). */
public enum Completeness {
  /** Parses as a program. */
  COMPLETE,
  /** Could become a program with more text: an open bracket, a trailing operator, an open string. */
  INCOMPLETE,
  /** Has an error that no further text can fix. */
  INVALID
}
