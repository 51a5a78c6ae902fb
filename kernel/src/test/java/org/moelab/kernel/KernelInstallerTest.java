package org.moelab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelInstallerTest {
  @TempDir Path tmp;

  @Test
  void writesTheSpecWithAbsoluteLauncherAndMessageInterrupts() throws IOException {
    Path dir = KernelInstaller.install(Path.of("bin/moe"), Scope.prefix(tmp));

    assertEquals(tmp.resolve("share/jupyter/kernels/moe"), dir);
    JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
    String launcher = Path.of("bin/moe").toAbsolutePath().normalize().toString();
    assertEquals(
        "[\"" + launcher + "\",\"kernel\",\"run\",\"{connection_file}\"]", spec.get("argv").toString());
    assertEquals("MoE Lab", spec.get("display_name").getAsString());
    assertEquals("moe", spec.get("language").getAsString());
    assertEquals("message", spec.get("interrupt_mode").getAsString());
    assertEquals("true", spec.getAsJsonObject("env").get("OPT_OUT_TRACKING").getAsString());
    assertTrue(spec.getAsJsonObject("env").get("JAVA_TOOL_OPTIONS").getAsString().contains("-Dai.djl.offline=true"));
    assertTrue(spec.has("metadata"));
  }

  @Test
  void logosArePngsOfTheirSize() throws IOException {
    Path dir = KernelInstaller.installInto(tmp, Path.of("/opt/moe/bin/moe"));
    assertEquals(64, ImageIO.read(dir.resolve("logo-64x64.png").toFile()).getWidth());
    assertEquals(32, ImageIO.read(dir.resolve("logo-32x32.png").toFile()).getHeight());
  }

  @Test
  void reinstallReplacesTheOldSpecAndLeavesNoTemporaries() throws IOException {
    Path dir = KernelInstaller.installInto(tmp, Path.of("/old/bin/moe"));
    Files.writeString(dir.resolve("stale.txt"), "x");
    KernelInstaller.installInto(tmp, Path.of("/new/bin/moe"));

    assertTrue(Files.readString(dir.resolve("kernel.json")).contains("/new/bin/moe"));
    assertFalse(Files.exists(dir.resolve("stale.txt")));
    try (var entries = Files.list(tmp)) {
      assertArrayEquals(new Object[] {dir}, entries.toArray());
    }
  }

  @Test
  void userDirFollowsJupyterDataDirThenXdg() {
    assertEquals(Path.of("/j/data"), JupyterPaths.userDataDir(Map.of("JUPYTER_DATA_DIR", "/j/data")));
    assertEquals(Path.of("/xdg/jupyter"), JupyterPaths.userDataDir(Map.of("XDG_DATA_HOME", "/xdg")));
    assertEquals(
        Path.of(System.getProperty("user.home"), ".local/share/jupyter"), JupyterPaths.userDataDir(Map.of()));
  }

  @Test
  void parentPidMustBeAProcessId() {
    assertEquals(java.util.Optional.of(1234L), ParentWatch.parentPid(" 1234 "));
    assertTrue(ParentWatch.parentPid("abc").isEmpty());
    assertTrue(ParentWatch.parentPid(null).isEmpty());
  }
}
