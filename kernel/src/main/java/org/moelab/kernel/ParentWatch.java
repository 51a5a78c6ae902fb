package org.moelab.kernel;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the kernel when the process that started it dies, so no orphan JVM is left behind. The
 * parent's pid comes from {@code JPY_PARENT_PID}, which Jupyter's kernel managers set. Uses {@link
 * ProcessHandle#onExit()}: no polling thread of our own, and the JDK's check backs off to once per
 * few seconds.
 */
final class ParentWatch {
  private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);

  private ParentWatch() {}

  /** Runs {@code onDeath} when the parent named by {@code JPY_PARENT_PID} exits; no-op without it. */
  static void start(Runnable onDeath) {
    parentPid(System.getenv("JPY_PARENT_PID")).ifPresent(pid -> watch(pid, onDeath));
  }

  static Optional<Long> parentPid(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(value.strip());
      return pid > 1 ? Optional.of(pid) : Optional.empty();
    } catch (NumberFormatException e) {
      LOG.warn("JPY_PARENT_PID='{}' is not a process id; the parent is not watched.", value);
      return Optional.empty();
    }
  }

  private static void watch(long pid, Runnable onDeath) {
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (parent.isEmpty()) {
      LOG.warn("The parent process {} is already gone; stopping.", pid);
      onDeath.run();
      return;
    }
    parent.get().onExit().thenRun(() -> {
      LOG.warn("The parent process {} exited; stopping the kernel.", pid);
      onDeath.run();
    });
  }
}
