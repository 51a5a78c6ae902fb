package org.moelab.kernel.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-browser test: Debian's Jupyter Notebook serves a copy of {@code notebooks/01-tour.ipynb}
 * on 127.0.0.1 with the real kernel, and headless Debian Chromium, driven by playwright-core
 * ({@code src/test/browser/test.mjs}), opens it, runs a cell, sees its output and uses Tab
 * completion. Screenshots, the browser console and the server log go to {@code
 * target/browser-artifacts/}. Fails, never skips, when Chromium, Node.js, playwright-core or Jupyter
 * Notebook is missing.
 */
class BrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCRIPT_DIR = Path.of("src", "test", "browser").toAbsolutePath();
  static final Path ARTIFACTS = Path.of("target", "browser-artifacts").toAbsolutePath();
  static final String NOTEBOOK = "01-tour.ipynb";
  private static final Duration NODE_LIMIT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  @Test
  void notebookRunsACellAndCompletesInHeadlessChromium() throws Exception {
    requireBrowserTools();
    Files.createDirectories(ARTIFACTS);
    JupyterSandbox sandbox = JupyterSandbox.create(tmp.resolve("jupyter"));
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.copy(NotebookExecutionTest.NOTEBOOKS.resolve(NOTEBOOK), root.resolve(NOTEBOOK),
        StandardCopyOption.REPLACE_EXISTING);

    try (NotebookServer server = NotebookServer.start(sandbox, root, ARTIFACTS.resolve("notebook-server.log"))) {
      ProcessBuilder node = new ProcessBuilder("node", "test.mjs").directory(SCRIPT_DIR.toFile());
      node.environment().putAll(Map.of(
          "NOTEBOOK_URL", server.url(),
          "NOTEBOOK_TOKEN", server.token(),
          "NOTEBOOK_FILE", NOTEBOOK,
          "ARTIFACT_DIR", ARTIFACTS.toString(),
          "CHROMIUM", CHROMIUM.toString()));
      Finished run = Finished.run(node, NODE_LIMIT, ARTIFACTS.resolve("browser-test.log"));
      System.out.println(run.output());
      assertTrue(run.ok(), run.report() + "\nScreenshots and logs: " + ARTIFACTS);
    }
    assertTrue(Files.size(ARTIFACTS.resolve("notebook.png")) > 0, "no screenshot was written");
  }

  /** Fails with the install commands when a tool the test needs is missing. */
  private void requireBrowserTools() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing. Install it with: apt-get install -y chromium");
    assertTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules").resolve("playwright-core")),
        "playwright-core is not installed. Install it with: npm ci --prefix kernel/src/test/browser");
    Path log = tmp.resolve("node-version.log");
    Finished nodeVersion = Finished.run(new ProcessBuilder("node", "--version"), Duration.ofSeconds(30), log);
    assertTrue(nodeVersion.ok(), "Node.js is missing or broken (install nodejs):\n" + nodeVersion.report());
    NotebookExecutionTest.requireJupyter("notebook");
  }
}
