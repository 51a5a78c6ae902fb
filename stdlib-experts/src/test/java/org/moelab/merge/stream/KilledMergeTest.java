package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A merge killed with SIGKILL mid-write leaves no output directory that looks complete. */
class KilledMergeTest {
  @TempDir Path dir;

  @Test
  void sigkillMidWriteLeavesNoOutput() throws Exception {
    Path out = dir.resolve("merged");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SlowMergeMain.class.getName(), dir.toString(), out.toString()).redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean writing = false;
      while (!writing && (line = lines.readLine()) != null) {
        writing = line.startsWith("WRITING");
      }
      assertTrue(writing, "the child never started writing");
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(out), "a killed merge must not leave " + out);
    assertFalse(Files.exists(out.resolve("model.safetensors.index.json")));
  }
}
