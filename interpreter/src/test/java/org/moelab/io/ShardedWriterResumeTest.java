package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * {@link ShardedWriter#resumable}: an abandoned write keeps its finished shards (with completion
 * records) and nothing else; a rerun with the same description skips them and commits the same
 * bytes as a fresh write, without bookkeeping files; a shard whose file no longer matches its record,
 * or a different description, is not reused.
 */
class ShardedWriterResumeTest {
  private static final List<String> PLAN = List.of("test plan 1");
  private static final Map<String, String> META = Map.of("format", "pt");

  @TempDir Path tmp;

  /** Four tensors of 8 bytes; with 16-byte shards, two shards of two. */
  private static Map<String, HostTensor> tensors() {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      t.put("t" + i, HostTensor.ofFloats(Shape.of(2), i, i + 0.5f));
    }
    return t;
  }

  private static List<TensorSpec> specs() {
    return tensors().entrySet().stream().map(e -> TensorSpec.of(e.getKey(), e.getValue())).toList();
  }

  /** Starts a resumable write of {@code target}, writes the first {@code n} tensors and abandons it. */
  private static void abandonAfter(Path target, int n) {
    try (ShardedWriter w = ShardedWriter.resumable(target, specs(), 16, META, PLAN, true)) {
      tensors().entrySet().stream().limit(n).forEach(e -> w.write(e.getKey(), e.getValue()));
    }
  }

  @Test
  void anAbandonedWriteKeepsFinishedShardsAndARerunSkipsThem() throws Exception {
    Path out = tmp.resolve("out");
    abandonAfter(out, 3);
    Path partial = ShardedWriter.partialDirectory(out);
    assertEquals(List.of(".model-00001-of-00002.safetensors.done", ".moe-plan", "model-00001-of-00002.safetensors"),
        list(partial), "the finished shard, its record and the plan; the unfinished shard is gone");
    assertFalse(Files.exists(out));

    try (ShardedWriter w = ShardedWriter.resumable(out, specs(), 16, META, PLAN, true)) {
      ResumeReport r = w.resumeReport();
      assertEquals(List.of(1, 2, 2, 4, 0), List.of(r.keptShards(), r.shards(), r.keptTensors(), r.tensors(),
          r.discardedShards()));
      assertTrue(w.isKept("t0") && w.isKept("t1") && !w.isKept("t2"));
      tensors().forEach((name, t) -> {
        if (!w.isKept(name)) {
          w.write(name, t);
        }
      });
      w.commit();
    }
    Path fresh = tmp.resolve("fresh");
    ShardedWriter.write(fresh, tensors(), 16, META, false);
    assertEquals(list(fresh), list(out));
    for (String name : list(fresh)) {
      assertArrayEquals(Files.readAllBytes(fresh.resolve(name)), Files.readAllBytes(out.resolve(name)), name);
    }
    assertFalse(Files.exists(partial));
  }

  @Test
  void aShardThatNoLongerMatchesItsRecordIsWrittenAgain() throws Exception {
    Path out = tmp.resolve("out");
    abandonAfter(out, 2);
    Files.write(ShardedWriter.partialDirectory(out).resolve("model-00001-of-00002.safetensors"), new byte[] {0},
        StandardOpenOption.APPEND);
    try (ShardedWriter w = ShardedWriter.resumable(out, specs(), 16, META, PLAN, true)) {
      assertEquals(0, w.resumeReport().keptShards());
      assertEquals(1, w.resumeReport().discardedShards());
      assertTrue(w.resumeReport().reason().contains("no longer matching their completion records"));
    }
  }

  @Test
  void anotherDescriptionIsNotResumedAndNothingFinishedLeavesNothing() throws Exception {
    Path out = tmp.resolve("out");
    abandonAfter(out, 2);
    try (ShardedWriter w = ShardedWriter.resumable(out, specs(), 16, META, List.of("test plan 2"), true)) {
      assertEquals(0, w.resumeReport().keptShards());
      assertEquals("it was started for a different plan; first difference: 'test plan 2' now, 'test plan 1' then",
          w.resumeReport().reason());
      w.write("t0", tensors().get("t0"));
    }
    assertFalse(Files.exists(ShardedWriter.partialDirectory(out)), "no finished shard: nothing is kept");
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(0, files.count(), "no lock file or temporary directory is left");
    }
  }

  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
