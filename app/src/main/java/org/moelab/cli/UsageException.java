package org.moelab.cli;

/** A command line that cannot be understood; its message says what is wrong. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message, null, false, false);
  }
}
