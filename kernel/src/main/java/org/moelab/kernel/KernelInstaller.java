package org.moelab.kernel;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the {@code moe} kernelspec ({@code kernel.json} and logos) into a Jupyter kernels
 * directory. The spec runs {@code LAUNCHER kernel run {connection_file}} with absolute paths, asks
 * for message-mode interrupts and keeps DJL offline. The directory is written whole to a temporary
 * sibling and renamed into place, so a reader never sees half a spec.
 */
public final class KernelInstaller {
  /** The kernelspec's name: {@code jupyter console --kernel moe}. */
  public static final String KERNEL_NAME = "moe";

  private KernelInstaller() {}

  /**
   * Installs the spec for {@code scope}.
   *
   * @param launcher the {@code bin/moe} script; made absolute
   * @return the kernelspec directory written
   * @throws IOException if the directory cannot be written
   */
  public static Path install(Path launcher, Scope scope) throws IOException {
    return installInto(JupyterPaths.kernelsDir(scope), launcher);
  }

  /** Installs the spec as {@code kernelsDir/moe}, replacing an earlier one. */
  public static Path installInto(Path kernelsDir, Path launcher) throws IOException {
    Files.createDirectories(kernelsDir);
    Path target = kernelsDir.resolve(KERNEL_NAME);
    Path staging = Files.createTempDirectory(kernelsDir, "." + KERNEL_NAME + "-new-");
    try {
      writeSpec(staging, launcher.toAbsolutePath().normalize());
      replace(staging, target);
    } finally {
      deleteTree(staging);
    }
    return target;
  }

  private static void writeSpec(Path dir, Path launcher) throws IOException {
    Files.writeString(dir.resolve("kernel.json"), kernelJson(launcher), StandardCharsets.UTF_8);
    Files.write(dir.resolve("logo-64x64.png"), Logo.png(64));
    Files.write(dir.resolve("logo-32x32.png"), Logo.png(32));
  }

  private static void replace(Path staging, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), "." + KERNEL_NAME + "-old-");
      Files.delete(old);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteTree(old);
    }
  }

  /** The {@code kernel.json} text for {@code launcher} (an absolute path). */
  public static String kernelJson(Path launcher) {
    return kernelJson(List.of(launcher.toString(), "kernel", "run", "{connection_file}"));
  }

  /** The {@code kernel.json} text for an explicit {@code argv}; tests run the kernel class directly. */
  public static String kernelJson(List<String> argv) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("argv", argv);
    spec.put("display_name", "MoE Lab");
    spec.put("language", "moe");
    spec.put("interrupt_mode", "message");
    spec.put("env", Map.of("OPT_OUT_TRACKING", "true", "JAVA_TOOL_OPTIONS", "-Dai.djl.offline=true"));
    spec.put("metadata", Map.of("debugger", false));
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
