package org.moelab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory being written atomically: files go into a hidden temporary directory next to the
 * target, and {@link #commit()} renames it to the target.
 *
 * <p>A missing or empty target is replaced by one rename. A non-empty target is refused unless
 * {@code overwrite} is set; then the old directory is renamed aside, the new one renamed in and
 * the old one deleted (restored if the second rename fails). Closing without committing deletes
 * the temporary directory.
 */
final class AtomicDirectory implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final boolean overwrite;
  private boolean done;

  private AtomicDirectory(Path target, Path temp, boolean overwrite) {
    this.target = target;
    this.temp = temp;
    this.overwrite = overwrite;
  }

  /** Starts writing the directory {@code target}; fails early if it may not be replaced. */
  static AtomicDirectory create(Path target, boolean overwrite) {
    Path abs = target.toAbsolutePath().normalize();
    checkReplaceable(target, abs, overwrite);
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new TensorFileException(target, "the parent directory " + parent + " does not exist; create it first.");
    }
    try {
      return new AtomicDirectory(abs, Files.createTempDirectory(parent, "." + abs.getFileName() + "."), overwrite);
    } catch (IOException e) {
      throw new TensorFileException(target, "cannot create a temporary directory in " + parent + "; check that it is writable", e);
    }
  }

  private static void checkReplaceable(Path shown, Path abs, boolean overwrite) {
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new TensorFileException(shown, "exists and is not a directory; remove it or choose another output path.");
    }
    if (!overwrite && !isEmptyOrMissing(abs)) {
      throw new TensorFileException(shown, "is a non-empty directory; choose an empty one, or ask to overwrite it.");
    }
  }

  /** The directory being written. */
  Path target() {
    return target;
  }

  /** The temporary directory to write files into. */
  Path temp() {
    return temp;
  }

  /** Renames the temporary directory to the target, as described in the class comment. */
  void commit() {
    try {
      checkReplaceable(target, target, overwrite);
      if (isEmptyOrMissing(target)) {
        Files.deleteIfExists(target);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        swap();
      }
      AtomicOutput.syncDirectory(target.getParent());
      done = true;
    } catch (IOException e) {
      throw new TensorFileException(target, "cannot move the finished directory into place; the old one, if any, is unchanged", e);
    } finally {
      close();
    }
  }

  private void swap() throws IOException {
    Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old.");
    Files.delete(old);
    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      throw e;
    }
    deleteTree(old);
  }

  /** Deletes the temporary directory unless committed. */
  @Override
  public void close() {
    if (!done) {
      deleteTree(temp);
      done = true;
    }
  }

  /** Whether {@code dir} does not exist or has no entries (false when it cannot be listed). */
  static boolean isEmptyOrMissing(Path dir) {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(AtomicOutput::deleteQuietly);
    } catch (IOException ignored) {
      // Best effort: a leftover hidden temporary directory is harmless to readers.
    }
  }
}
