package org.moelab.kernel.notebooks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A Jupyter Notebook server from Debian ({@code /usr/bin/jupyter notebook}) serving {@code root} on
 * 127.0.0.1 at a free port with a random token, its kernels found through a {@link
 * JupyterSandbox}. Closing it stops the server and its kernels.
 *
 * @param process the server process
 * @param url its base URL, {@code http://127.0.0.1:PORT}
 * @param token the token every request must carry
 */
record NotebookServer(Process process, String url, String token) implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  /** Starts the server, its output going to {@code log}, and waits until its API answers. */
  static NotebookServer start(JupyterSandbox sandbox, Path root, Path log) throws IOException, InterruptedException {
    int port = freePort();
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    ProcessBuilder pb = new ProcessBuilder(NotebookExecutionTest.JUPYTER.toString(), "notebook",
        "--no-browser", "--allow-root", "--ip=127.0.0.1", "--port=" + port, "--port-retries=0",
        "--notebook-dir=" + root, "--NotebookApp.token=" + token, "--NotebookApp.password=")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Process process = sandbox.applyTo(pb).start();
    NotebookServer server = new NotebookServer(process, "http://127.0.0.1:" + port, token);
    try {
      server.awaitReady(log);
    } catch (IOException | InterruptedException | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest api = HttpRequest.newBuilder(URI.create(url + "/api/kernelspecs"))
        .header("Authorization", "token " + token).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("jupyter notebook exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> reply = http.send(api, HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() == 200 && reply.body().contains("\"" + JupyterSandbox.KERNEL_NAME + "\"")) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(250);
        continue;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("jupyter notebook did not serve the moe kernelspec at " + url + " within "
        + START_LIMIT.toSeconds() + " s:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    Finished.stop(process);
  }
}
