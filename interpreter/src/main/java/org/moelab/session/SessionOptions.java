package org.moelab.session;

import java.nio.file.Path;

/**
 * How to open a {@link Session}.
 *
 * @param backend backend name, or null for the default ({@code MOE_BACKEND}, else the best found)
 * @param seed the session's base seed for random ops that are given none
 * @param workingDirectory where relative paths in {@code load}/{@code save} resolve
 */
public record SessionOptions(String backend, long seed, Path workingDirectory) {
  /** Defaults: default backend, seed 0, the current directory. */
  public static SessionOptions defaults() {
    return new SessionOptions(null, 0L, Path.of("").toAbsolutePath());
  }

  /** A copy with another backend. */
  public SessionOptions withBackend(String name) {
    return new SessionOptions(name, seed, workingDirectory);
  }

  /** A copy where relative paths resolve against {@code directory}. */
  public SessionOptions withWorkingDirectory(Path directory) {
    return new SessionOptions(backend, seed, directory);
  }

  /** A copy with another seed. */
  public SessionOptions withSeed(long newSeed) {
    return new SessionOptions(backend, newSeed, workingDirectory);
  }
}
