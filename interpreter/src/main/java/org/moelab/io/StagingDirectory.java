package org.moelab.io;

import java.nio.file.Path;

/**
 * Where {@link ShardedWriter} writes before the result appears: a hidden directory next to the
 * target that {@link #commit()} renames into place. Either a fresh one ({@link AtomicDirectory}) or
 * the fixed one of a resumable write ({@link PartialDirectory}).
 */
interface StagingDirectory extends AutoCloseable {
  /** The directory being written. */
  Path target();

  /** The hidden directory to write files into. */
  Path temp();

  /** Renames the hidden directory to the target. */
  void commit();

  /** Abandons the write unless committed (what is left behind depends on the kind). */
  @Override
  void close();

  /** {@code dir} as a staging directory: abandoning deletes everything. */
  static StagingDirectory of(AtomicDirectory dir) {
    return new StagingDirectory() {
      @Override
      public Path target() {
        return dir.target();
      }

      @Override
      public Path temp() {
        return dir.temp();
      }

      @Override
      public void commit() {
        dir.commit();
      }

      @Override
      public void close() {
        dir.close();
      }
    };
  }
}
