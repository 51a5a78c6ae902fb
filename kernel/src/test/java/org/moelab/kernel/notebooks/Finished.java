package org.moelab.kernel.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How a child process ended: its exit code (or a timeout) and everything it wrote to stdout and
 * stderr, which {@link #run} sends to a log file so a chatty child can never block on a full pipe.
 *
 * @param command the command, for messages
 * @param exitCode the exit code, or -1 after a timeout
 * @param timedOut whether it was killed for running past its time
 * @param output stdout and stderr, interleaved
 */
record Finished(String command, int exitCode, boolean timedOut, String output) {

  /** Runs {@code pb} to its end or for at most {@code limit}, killing it and its children then. */
  static Finished run(ProcessBuilder pb, Duration limit, Path log) throws IOException, InterruptedException {
    Process process = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) {
      stop(process);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return new Finished(String.join(" ", pb.command()), ended ? process.exitValue() : -1, !ended, output);
  }

  /** Kills a process and its descendants, children first, and waits for it. */
  static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** True when it exited with 0 in time. */
  boolean ok() {
    return !timedOut && exitCode == 0;
  }

  /** A failure message with the command, how it ended and its output. */
  String report() {
    String how = timedOut ? "did not finish in time" : "exited with " + exitCode;
    return command + " " + how + ":\n" + output;
  }
}
