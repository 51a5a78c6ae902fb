package org.moelab.kernel.notebooks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every {@code notebooks/*.ipynb} headless with {@code jupyter nbconvert --to notebook
 * --execute} (no {@code --allow-errors}: an error fails the run unless its cell is tagged {@code
 * raises-exception}) against the real kernel through a temporary kernelspec, then checks the
 * executed notebook's outputs against its cells' {@code moe_expect} metadata ({@link
 * NotebookExpectations}). Fails, never skips, when Jupyter is missing.
 */
class NotebookExecutionTest {
  static final Path JUPYTER = Path.of("/usr/bin/jupyter");
  static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
  static final String APT_PACKAGES = "jupyter-client jupyter-nbconvert python3-nbclient jupyter-notebook";
  private static final Duration PER_NOTEBOOK = Duration.ofMinutes(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> everyNotebookRunsHeadlessAndMeetsItsExpectations() throws Exception {
    requireJupyter("nbconvert");
    JupyterSandbox sandbox = JupyterSandbox.create(tmp.resolve("jupyter"));
    Path out = Files.createDirectories(tmp.resolve("executed"));
    return notebooks().stream()
        .map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> execute(sandbox, notebook, out)));
  }

  @Test
  void committedNotebooksAreCleanAndAskForTheMoeKernel() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path notebook : notebooks()) {
      NotebookExpectations.problemsAsCommitted(JSON.readTree(notebook.toFile()))
          .forEach(problem -> problems.add(notebook.getFileName() + ": " + problem));
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private static void execute(JupyterSandbox sandbox, Path notebook, Path out) throws Exception {
    long started = System.nanoTime();
    ProcessBuilder nbconvert = new ProcessBuilder(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.kernel_name=" + JupyterSandbox.KERNEL_NAME,
        "--ExecutePreprocessor.timeout=120", "--ExecutePreprocessor.startup_timeout=120",
        "--output-dir", out.toString(), notebook.toString())
        .directory(NOTEBOOKS.toFile());
    String name = notebook.getFileName().toString();
    Finished run = Finished.run(sandbox.applyTo(nbconvert), PER_NOTEBOOK, out.resolve(name + ".log"));
    assertTrue(run.ok(), run.report());

    JsonNode executed = JSON.readTree(out.resolve(name).toFile());
    List<String> problems = NotebookExpectations.problemsAfterRun(executed);
    assertTrue(problems.isEmpty(), name + " ran, but:\n" + String.join("\n\n", problems));
    System.out.printf("%s: executed and checked in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
  }

  /** The notebooks under {@code notebooks/}, sorted by name; fails when there are none. */
  static List<Path> notebooks() throws IOException {
    assertTrue(Files.isDirectory(NOTEBOOKS), NOTEBOOKS + " is missing.");
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      List<Path> notebooks = files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
      assertFalse(notebooks.isEmpty(), "No notebooks in " + NOTEBOOKS + ".");
      return notebooks;
    }
  }

  /** Fails with the packages to install when {@code jupyter SUBCOMMAND --version} does not run. */
  static void requireJupyter(String subcommand) throws IOException, InterruptedException {
    String install = "Install Jupyter with: apt-get install -y " + APT_PACKAGES;
    assertTrue(Files.isExecutable(JUPYTER), JUPYTER + " is missing. " + install);
    Path log = Files.createTempFile("moe-jupyter-probe", ".log");
    try {
      Finished probe = Finished.run(new ProcessBuilder(JUPYTER.toString(), subcommand, "--version"),
          Duration.ofSeconds(60), log);
      assertTrue(probe.ok(), "jupyter " + subcommand + " does not run. " + install + "\n" + probe.report());
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
