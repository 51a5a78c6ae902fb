package org.moelab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Jupyter's own kernel conformance suite ({@code jupyter_kernel_test}, with Jupyter's client)
 * against the real kernel and session: {@code src/test/python/test_moe_kernel.py}. A temporary
 * kernelspec runs this test class path; Jupyter's paths point at temporary directories. The test
 * fails, never skips, when Python or the Jupyter packages are missing, and fails on any skipped
 * Python test.
 */
class KernelConformanceTest {
  static final String PYTHON = "/usr/bin/python3";
  static final String APT_PACKAGES =
      "python3-jupyter-kernel-test jupyter-client python3-nbclient jupyter-nbconvert python3-ipykernel";
  private static final String KERNEL_NAME = "moe-test";

  @TempDir Path tmp;

  @Test
  void jupyterKernelTestSuitePassesWithNothingSkipped() throws Exception {
    requireJupyter();
    Path jupyterPath = writeKernelSpec(tmp.resolve("jupyter"));
    ProcessBuilder pb = new ProcessBuilder(PYTHON, "-m", "unittest", "-v", "test_moe_kernel")
        .directory(Path.of("src/test/python").toAbsolutePath().toFile())
        .redirectErrorStream(true);
    jupyterEnvironment(pb, jupyterPath);
    pb.environment().put("MOE_KERNEL_NAME", KERNEL_NAME);

    Process python = pb.start();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ended = python.waitFor(10, TimeUnit.MINUTES);
    System.out.println(output);

    assertTrue(ended, "the Python suite did not finish in 10 minutes");
    assertEquals(0, python.exitValue(), "jupyter_kernel_test failed:\n" + output);
    assertFalse(output.contains("skipped"), "a jupyter_kernel_test test was skipped:\n" + output);
    assertTrue(output.contains("test_history"), "the suite did not run:\n" + output);
  }

  /** Fails with the packages to install when Python or jupyter_kernel_test is missing. */
  static void requireJupyter() throws IOException, InterruptedException {
    String missing = "Install them with: apt-get install -y " + APT_PACKAGES;
    assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing. " + missing);
    Process probe = new ProcessBuilder(PYTHON, "-c", "import jupyter_kernel_test, jupyter_client")
        .redirectErrorStream(true).start();
    String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "The Jupyter Python packages are missing (" + out.strip() + "). " + missing);
  }

  /** Points Jupyter's data, config and runtime directories into {@code root}. */
  static void jupyterEnvironment(ProcessBuilder pb, Path root) throws IOException {
    pb.environment().put("JUPYTER_PATH", root.toString());
    pb.environment().put("JUPYTER_DATA_DIR", root.resolve("data").toString());
    pb.environment().put("JUPYTER_CONFIG_DIR", Files.createDirectories(root.resolve("config")).toString());
    pb.environment().put("JUPYTER_RUNTIME_DIR", Files.createDirectories(root.resolve("runtime")).toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
  }

  /** A kernelspec that runs {@link MoeKernel} on this JVM's class path, DJL kept offline. */
  static Path writeKernelSpec(Path root) throws IOException {
    Path dir = Files.createDirectories(root.resolve("kernels").resolve(KERNEL_NAME));
    Files.writeString(dir.resolve("kernel.json"), KernelInstaller.kernelJson(kernelArgv()));
    return root;
  }

  static List<String> kernelArgv() {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Dai.djl.offline=true");
    argv.add("-XX:+UseSerialGC");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(MoeKernel.class.getName());
    argv.add("{connection_file}");
    return argv;
  }
}
