package org.moelab.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The fixed staging directory of a resumable write: {@code .NAME.moe-partial} next to the target
 * {@code NAME}, so that a rerun finds what an interrupted attempt left. While in use it is guarded
 * by a lock on {@code .NAME.moe-partial.lock}, so two writes never share it (the operating system
 * releases the lock of a killed process).
 *
 * <p>{@link #commit()} renames it to the target, which must be missing or empty. Abandoning it
 * ({@link #close()} without commit) keeps it when it holds a shard completion record, for a rerun
 * to resume from, and deletes it otherwise. The lock file is deleted either way.
 */
final class PartialDirectory implements StagingDirectory {
  /** Appended to the hidden target name to name the staging directory. */
  static final String SUFFIX = ".moe-partial";
  private final Path target;
  private final Path temp;
  private final Path lockFile;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private boolean committed;
  private boolean closed;

  private PartialDirectory(Path target, Path temp, Path lockFile, FileChannel lockChannel, FileLock lock) {
    this.target = target;
    this.temp = temp;
    this.lockFile = lockFile;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** The staging directory of {@code target} (not created). */
  static Path of(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + SUFFIX);
  }

  /**
   * Locks and opens (creating it if missing) the staging directory of {@code target}; fails early
   * when {@code target} exists and is not an empty directory, or another write holds the lock.
   */
  static PartialDirectory open(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    checkReplaceable(target, abs);
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new TensorFileException(target, "the parent directory " + parent + " does not exist; create it first.");
    }
    Path temp = of(abs);
    Path lockFile = temp.resolveSibling(temp.getFileName() + ".lock");
    FileChannel channel = openLockFile(target, lockFile);
    FileLock lock = tryLock(lockFile, channel);
    if (lock == null) {
      closeQuietly(channel);
      throw new TensorFileException(target, "another write into it is running now (" + lockFile
          + " is locked); wait for it to finish, or choose another output directory.");
    }
    PartialDirectory dir = new PartialDirectory(abs, temp, lockFile, channel, lock);
    try {
      if (Files.exists(temp) && !Files.isDirectory(temp)) {
        Files.delete(temp);
      }
      Files.createDirectories(temp);
      return dir;
    } catch (IOException e) {
      dir.close();
      throw new TensorFileException(target, "cannot create the directory " + temp + "; check that " + parent
          + " is writable", e);
    }
  }

  private static FileChannel openLockFile(Path target, Path lockFile) {
    try {
      return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new TensorFileException(target, "cannot create the lock file " + lockFile + "; check that its directory "
          + "is writable", e);
    }
  }

  private static FileLock tryLock(Path lockFile, FileChannel channel) {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new TensorFileException(lockFile, "cannot lock it; check that the file system supports locks", e);
    }
  }

  private static void checkReplaceable(Path shown, Path abs) {
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new TensorFileException(shown, "exists and is not a directory; remove it or choose another output path.");
    }
    if (!AtomicDirectory.isEmptyOrMissing(abs)) {
      throw new TensorFileException(shown, "is a non-empty directory; choose a new or empty one, or remove it first.");
    }
  }

  @Override
  public Path target() {
    return target;
  }

  @Override
  public Path temp() {
    return temp;
  }

  /** Renames the staging directory to the target (missing or empty), then releases the lock. */
  @Override
  public void commit() {
    try {
      checkReplaceable(target, target);
      Files.deleteIfExists(target);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      AtomicOutput.syncDirectory(target.getParent());
      committed = true;
    } catch (IOException e) {
      throw new TensorFileException(target, "cannot move the finished directory " + temp + " into place", e);
    } finally {
      close();
    }
  }

  /** Unless committed, keeps the directory if it holds a completion record, else deletes it; unlocks. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!committed && !holdsRecord()) {
      AtomicDirectory.deleteTree(temp);
    }
    AtomicOutput.deleteQuietly(lockFile);
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases it too.
    }
    closeQuietly(lockChannel);
  }

  private boolean holdsRecord() {
    try (Stream<Path> entries = Files.list(temp)) {
      return entries.anyMatch(p -> ShardRecord.isRecord(p.getFileName().toString()));
    } catch (IOException e) {
      return Files.exists(temp);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was written through it.
    }
  }
}
