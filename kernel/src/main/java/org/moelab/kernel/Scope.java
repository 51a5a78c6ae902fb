package org.moelab.kernel;

import java.nio.file.Path;

/**
 * Where {@code moe kernel install} puts the kernelspec, following Jupyter's directory rules: the
 * user's data dir, the Python {@code sys.prefix}, or an explicit prefix.
 */
public sealed interface Scope {
  /** {@code --user}: {@code $JUPYTER_DATA_DIR}, else {@code $XDG_DATA_HOME/jupyter}, else {@code ~/.local/share/jupyter}. */
  record User() implements Scope {}

  /** {@code --sys-prefix}: {@code sys.prefix/share/jupyter} of {@code /usr/bin/python3}. */
  record SysPrefix() implements Scope {}

  /** {@code --prefix DIR}: {@code DIR/share/jupyter}. */
  record Prefix(Path dir) implements Scope {}

  /** The user scope. */
  static Scope user() {
    return new User();
  }

  /** The Python sys.prefix scope. */
  static Scope sysPrefix() {
    return new SysPrefix();
  }

  /** An explicit prefix. */
  static Scope prefix(Path dir) {
    return new Prefix(dir);
  }
}
