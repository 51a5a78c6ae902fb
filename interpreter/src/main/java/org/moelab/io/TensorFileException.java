package org.moelab.io;

import java.nio.file.Path;

/**
 * A tensor file that cannot be read or written: malformed, truncated, inconsistent or unwritable.
 *
 * <p>The message always starts with the file and states the problem and, where possible, the fix.
 */
public final class TensorFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  /** A failure about {@code file}; {@code problem} is a sentence without the file name. */
  public TensorFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** A failure about {@code file} caused by {@code cause} (usually an I/O error). */
  public TensorFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
    this.file = file;
  }

  /** The failure for asking {@code file} for a tensor it does not hold. */
  static TensorFileException noSuchTensor(Path file, String name, java.util.List<String> names) {
    int shown = Math.min(names.size(), 5);
    String some = String.join(", ", names.subList(0, shown)) + (names.size() > shown ? ", ..." : "");
    return new TensorFileException(
        file,
        "no tensor named '" + name + "'; the file holds " + names.size() + " tensors"
            + (names.isEmpty() ? "" : " (" + some + ")")
            + ". Check the name, or list them with names().");
  }

  /** The file the failure is about. */
  public Path file() {
    return file;
  }
}
