package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.ResumeReport;
import org.moelab.io.ShardedWriter;

/**
 * A merge killed with SIGKILL mid-write (the first of three shards finished, the second partly
 * written) leaves no output directory that looks complete, only the hidden partial merge; a rerun
 * keeps the finished shard, redoes the partly written one, and writes what an uninterrupted run
 * writes.
 */
class KilledMergeTest {
  @TempDir Path dir;

  @Test
  void sigkillMidWriteLeavesNoOutputAndARerunResumes() throws Exception {
    Path out = dir.resolve("merged");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SlowMergeMain.class.getName(), dir.toString(), out.toString()).redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean writing = false;
      while (!writing && (line = lines.readLine()) != null) {
        writing = line.startsWith("WRITING 3");
      }
      assertTrue(writing, "the child never started writing");
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(out), "a killed merge must not leave " + out);
    assertFalse(Files.exists(out.resolve("model.safetensors.index.json")));
    Path partial = ShardedWriter.partialDirectory(out);
    assertTrue(Files.isDirectory(partial), "the partial merge is left to resume");
    try (var files = Files.list(partial)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith(".model-00002-of-00003.safetensors.")
          && f.getFileName().toString().endsWith(".tmp")), "the second shard was partly written when killed");
    }

    List<String> merged = new ArrayList<>();
    String[] message = {""};
    MergeResult r = StreamingMerge.run(SlowMergeMain.plan(dir, out), out, SlowMergeMain.SHARD_BYTES,
        new MergeProgress() {
          @Override
          public void update(int done, int total, long bytesRead, long bytesTotal, String tensor) {
            merged.add(tensor);
          }

          @Override
          public void resumed(ResumeReport report, String text) {
            message[0] = text;
          }
        }, () -> false);
    assertTrue(message[0].startsWith("resuming: 1 of 3 shards already merged (2 of 6 tensors)"), message[0]);
    assertEquals(4, merged.size(), "the partly written shard is merged again, the finished one not: " + merged);
    assertEquals(2, r.keptTensors());
    Path clean = dir.resolve("clean");
    StreamingMerge.run(SlowMergeMain.plan(dir, clean), clean, SlowMergeMain.SHARD_BYTES, MergeProgress.NONE, () -> false);
    for (String name : List.of("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
        "model-00003-of-00003.safetensors", "model.safetensors.index.json", "config.json")) {
      assertArrayEquals(Files.readAllBytes(clean.resolve(name)), Files.readAllBytes(out.resolve(name)), name);
    }
    assertFalse(Files.exists(ShardedWriter.partialDirectory(out)));
  }
}
