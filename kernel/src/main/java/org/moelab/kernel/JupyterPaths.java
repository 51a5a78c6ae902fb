package org.moelab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Jupyter's data directories, as {@code jupyter_core.paths} computes them on Linux. */
final class JupyterPaths {
  /** The Python whose {@code sys.prefix} {@code --sys-prefix} means. */
  static final String PYTHON = "/usr/bin/python3";

  private JupyterPaths() {}

  /** The {@code kernels} directory of {@code scope}. */
  static Path kernelsDir(Scope scope) throws IOException {
    return dataDir(scope, System.getenv()).resolve("kernels");
  }

  static Path dataDir(Scope scope, Map<String, String> env) throws IOException {
    if (scope instanceof Scope.Prefix prefix) {
      return prefix.dir().toAbsolutePath().resolve("share/jupyter");
    }
    if (scope instanceof Scope.SysPrefix) {
      return Path.of(sysPrefix()).resolve("share/jupyter");
    }
    return userDataDir(env);
  }

  static Path userDataDir(Map<String, String> env) {
    String explicit = env.get("JUPYTER_DATA_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg).resolve("jupyter");
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "jupyter");
  }

  private static String sysPrefix() throws IOException {
    Process python;
    try {
      python = new ProcessBuilder(PYTHON, "-c", "import sys;print(sys.prefix)").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("--sys-prefix needs " + PYTHON + " to find sys.prefix, and it cannot run ("
          + e.getMessage() + "). Install python3, or use --user or --prefix DIR.", e);
    }
    try {
      String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0 || out.isEmpty()) {
        throw new IOException(PYTHON + " did not print sys.prefix (output: '" + out + "'). Use --user or --prefix DIR.");
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while asking " + PYTHON + " for sys.prefix.", e);
    }
  }
}
