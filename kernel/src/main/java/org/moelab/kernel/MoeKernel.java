package org.moelab.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.moelab.session.SessionOptions;
import org.moelab.session.Sessions;

/**
 * The kernel process Jupyter starts: {@code MoeKernel CONNECTION_FILE}. It serves one session
 * until a shutdown request, or until the frontend that started it dies.
 */
public final class MoeKernel {
  /** Exit code for a wrong command line. */
  public static final int USAGE = 64;

  private MoeKernel() {}

  /** Runs the kernel for the connection file {@code args[0]} and exits with its status. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: MoeKernel CONNECTION_FILE  (Jupyter passes {connection_file})");
      System.exit(USAGE);
    }
    System.exit(run(Path.of(args[0])));
  }

  /**
   * Serves the connection file's sockets until shutdown; the command line's {@code moe kernel
   * run} calls this.
   *
   * @return the process exit code: 0 after a clean shutdown
   */
  public static int run(Path connectionFile) {
    KernelConnectionProperties props;
    try {
      props = KernelConnectionProperties.parse(Files.readString(connectionFile));
    } catch (IOException | RuntimeException e) {
      System.err.println("Cannot read the connection file " + connectionFile + ": " + e.getMessage()
          + ". Jupyter writes it; start the kernel through jupyter, or pass an existing file.");
      return USAGE;
    }
    Path cwd = Path.of("").toAbsolutePath();
    SessionOptions options = SessionOptions.defaults();
    try (KernelServer server = KernelServer.start(props, listener -> Sessions.open(options, listener), cwd)) {
      ParentWatch.start(server::requestShutdown);
      server.awaitShutdown();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
