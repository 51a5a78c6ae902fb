package org.moelab.session;

/** How a unit of source ended; maps onto the command line's exit codes. */
public enum RunStatus {
  OK(0),
  RUNTIME_ERROR(1),
  COMPILE_ERROR(2),
  INTERRUPTED(130);

  private final int exitCode;

  RunStatus(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code the command line uses for this status. */
  public int exitCode() {
    return exitCode;
  }
}
