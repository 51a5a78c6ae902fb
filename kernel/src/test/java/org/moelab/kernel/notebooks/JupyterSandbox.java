package org.moelab.kernel.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.moelab.kernel.KernelInstaller;
import org.moelab.kernel.MoeKernel;

/**
 * Jupyter's data, config, runtime and IPython directories under one temporary root, with a
 * kernelspec named {@code moe} that runs {@link MoeKernel} on this JVM's class path (DJL kept
 * offline). Processes started with {@link #applyTo(ProcessBuilder)} see only this spec for
 * {@code moe}, never one installed for the user.
 *
 * @param root the temporary root
 */
record JupyterSandbox(Path root) {
  /** The kernel name the notebooks' metadata asks for. */
  static final String KERNEL_NAME = KernelInstaller.KERNEL_NAME;

  /** Creates the directories and writes the kernelspec under {@code root}. */
  static JupyterSandbox create(Path root) throws IOException {
    JupyterSandbox sandbox = new JupyterSandbox(root);
    for (Path dir : List.of(sandbox.path(), sandbox.dataDir(), sandbox.configDir(), sandbox.runtimeDir(),
        sandbox.ipythonDir())) {
      Files.createDirectories(dir);
    }
    Path spec = Files.createDirectories(sandbox.path().resolve("kernels").resolve(KERNEL_NAME));
    Files.writeString(spec.resolve("kernel.json"), KernelInstaller.kernelJson(kernelArgv()));
    return sandbox;
  }

  /** Points Jupyter at the sandbox's directories; DJL stays offline in every child process. */
  ProcessBuilder applyTo(ProcessBuilder pb) {
    Map<String, String> env = pb.environment();
    env.put("JUPYTER_PATH", path().toString());
    env.put("JUPYTER_DATA_DIR", dataDir().toString());
    env.put("JUPYTER_CONFIG_DIR", configDir().toString());
    env.put("JUPYTER_RUNTIME_DIR", runtimeDir().toString());
    env.put("IPYTHONDIR", ipythonDir().toString());
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    env.put("OPT_OUT_TRACKING", "true");
    return pb;
  }

  Path path() {
    return root.resolve("path");
  }

  Path dataDir() {
    return root.resolve("data");
  }

  Path configDir() {
    return root.resolve("config");
  }

  Path runtimeDir() {
    return root.resolve("runtime");
  }

  Path ipythonDir() {
    return root.resolve("ipython");
  }

  /** {@code java ... MoeKernel {connection_file}} on this JVM and class path. */
  static List<String> kernelArgv() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true",
        "-XX:+UseSerialGC",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
        "-cp",
        System.getProperty("java.class.path"),
        MoeKernel.class.getName(),
        "{connection_file}");
  }
}
