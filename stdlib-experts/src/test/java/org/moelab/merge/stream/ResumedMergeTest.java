package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.ResumeReport;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorFileException;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.Planner;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Resuming an interrupted streamed merge: a rerun keeps the shards the cancelled run finished,
 * merges only the other tensors, and writes byte for byte what an uninterrupted run writes; damaged
 * or unrecorded shards are merged again; a partial merge of another plan, or with --no-resume, is
 * discarded; a partial merge in use by another write is refused.
 */
class ResumedMergeTest {
  /** TIES in bf16; one tensor (2^18 elements) is large enough for the one-pass route and its writer thread. */
  private static final String TIES = """
      merge_method: ties
      base_model: base
      models:
        - model: m0
          parameters: {weight: 0.6, density: 0.5}
        - model: m1
          parameters: {weight: 0.4, density: 0.7}
      out_dtype: bfloat16
      """;
  private static final long SHARD = 600;
  private static final String INDEX = "model.safetensors.index.json";

  @TempDir Path dir;

  /** What one run reported: the tensors it merged, in order, and the resume message. */
  private static final class Seen implements MergeProgress {
    final List<String> merged = new ArrayList<>();
    ResumeReport report;
    String message = "";

    @Override
    public void update(int done, int total, long bytesRead, long bytesTotal, String tensor) {
      merged.add(tensor);
    }

    @Override
    public void resumed(ResumeReport r, String m) {
      report = r;
      message = m;
    }
  }

  @Test
  void aCancelledMergeResumesWithOnlyTheMissingTensorsAndTheSameBytes() throws Exception {
    writeInputs();
    Path clean = dir.resolve("clean");
    run(TIES, clean, SHARD, new Seen(), true);
    Path out = dir.resolve("out");
    Seen first = cancelAfter(TIES, out, 5);
    assertFalse(Files.exists(out), "a cancelled merge must not create the output");
    Set<String> kept = finishedShardTensors(clean, first.merged);
    assertFalse(kept.isEmpty(), "the cancelled run finished a shard");

    Seen second = new Seen();
    MergeResult r = run(TIES, out, SHARD, second, true);
    List<String> missing = plan(TIES, out).tensors().stream().map(PlannedTensor::name)
        .filter(n -> !kept.contains(n)).toList();
    assertEquals(missing, second.merged, "the resumed run merges exactly the tensors of unfinished shards");
    assertEquals(kept.size(), second.report.keptTensors());
    assertEquals(kept.size(), r.keptTensors());
    assertEquals(inputBytes(missing), r.bytesRead(), "only the missing tensors' inputs are read");
    assertTrue(second.message.startsWith("resuming: " + second.report.keptShards() + " of "
        + second.report.shards() + " shards already merged"), second.message);
    assertSameFiles(clean, out);
    assertNoLeftovers(out);
  }

  @Test
  void theCancellationSaysWhereTheFinishedShardsAreKept() throws Exception {
    writeInputs();
    Path out = dir.resolve("out");
    MergePlan plan = plan(TIES, out);
    int[] polls = {0};
    MergeCancelledException e = assertThrows(MergeCancelledException.class,
        () -> StreamingMerge.run(plan, out, SHARD, MergeProgress.NONE, () -> ++polls[0] > 5));
    assertTrue(e.getMessage().contains("finished of"), e.getMessage());
    assertTrue(e.getMessage().contains(ShardedWriter.partialDirectory(out).toString()), e.getMessage());
    assertTrue(Files.isDirectory(ShardedWriter.partialDirectory(out)));
    assertFalse(Files.exists(lockFile(out)), "the lock file is removed when the run ends");
  }

  @Test
  void damagedAndUnrecordedShardsAreMergedAgain() throws Exception {
    writeInputs();
    Path clean = dir.resolve("clean");
    run(TIES, clean, SHARD, new Seen(), true);
    Path out = dir.resolve("out");
    Seen first = cancelAfter(TIES, out, 7);
    Map<String, List<String>> shards = shardsOf(clean);
    List<String> finished = shards.keySet().stream()
        .filter(f -> first.merged.containsAll(shards.get(f))).toList();
    assertTrue(finished.size() >= 2, "need two finished shards, got " + finished);
    Path partial = ShardedWriter.partialDirectory(out);
    Path damaged = partial.resolve(finished.get(0));
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length - 1] ^= 1;
    Files.write(damaged, bytes);
    Files.delete(partial.resolve("." + finished.get(1) + ".done"));

    Seen second = new Seen();
    run(TIES, out, SHARD, second, true);
    assertEquals(1, second.report.discardedShards(), "the damaged shard is discarded");
    assertTrue(second.message.contains("1 finished shard discarded (no longer matching"), second.message);
    assertTrue(second.merged.containsAll(shards.get(finished.get(0))));
    assertTrue(second.merged.containsAll(shards.get(finished.get(1))));
    assertEquals(finished.size() - 2, second.report.keptShards());
    assertSameFiles(clean, out);
  }

  @Test
  void aPartialMergeOfAnotherPlanIsDiscardedAndNamesTheDifference() throws Exception {
    writeInputs();
    Path out = dir.resolve("out");
    cancelAfter(TIES, out, 5);
    String other = TIES.replace("density: 0.7", "density: 0.9");
    Seen second = new Seen();
    run(other, out, SHARD, second, true);
    assertEquals(0, second.report.keptShards());
    assertTrue(second.report.discardedShards() > 0);
    assertTrue(second.message.startsWith("not resuming the partial merge in " + ShardedWriter.partialDirectory(out)),
        second.message);
    assertTrue(second.message.contains("different plan") && second.message.contains("density 0.9"), second.message);
    assertEquals(plan(other, out).tensors().size(), second.merged.size(), "everything is merged again");
    Path clean = dir.resolve("clean");
    run(other, clean, SHARD, new Seen(), true);
    assertSameFiles(clean, out);
  }

  @Test
  void anotherShardSizeOrAChangedInputIsAnotherPlan() throws Exception {
    writeInputs();
    Path out = dir.resolve("out");
    cancelAfter(TIES, out, 5);
    Seen bigger = cancelAfter(TIES, out, SHARD * 2, 5);
    assertTrue(bigger.message.contains("'shard-size 1200' now, 'shard-size 600' then"), bigger.message);

    cancelAfter(TIES, out, 5);
    Path input = dir.resolve("m1").resolve("model-00001-of-00001.safetensors");
    Files.setLastModifiedTime(input, FileTime.fromMillis(Files.getLastModifiedTime(input).toMillis() - 60_000));
    Seen touched = new Seen();
    run(TIES, out, SHARD, touched, true);
    assertEquals(0, touched.report.keptShards());
    assertTrue(touched.message.contains("different plan; first difference: 'input "), touched.message);
    assertTrue(touched.message.contains(input + " "), touched.message);
  }

  @Test
  void noResumeStartsOverAndSaysSo() throws Exception {
    writeInputs();
    Path out = dir.resolve("out");
    cancelAfter(TIES, out, 5);
    Seen second = new Seen();
    run(TIES, out, SHARD, second, false);
    assertEquals(0, second.report.keptShards());
    assertTrue(second.message.contains("(a fresh start was asked for); starting over"), second.message);
    assertEquals(plan(TIES, out).tensors().size(), second.merged.size());
    assertNoLeftovers(out);
  }

  @Test
  void aPartialMergeInUseIsRefusedAndLeftAlone() throws Exception {
    writeInputs();
    Path out = dir.resolve("out");
    cancelAfter(TIES, out, 5);
    Path partial = ShardedWriter.partialDirectory(out);
    List<String> before = list(partial);
    try (FileChannel ch = FileChannel.open(lockFile(out), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      TensorFileException e = assertThrows(TensorFileException.class, () -> run(TIES, out, SHARD, new Seen(), true));
      assertTrue(e.getMessage().contains("another write into it is running now"), e.getMessage());
    }
    assertEquals(before, list(partial), "the refused run touched nothing");
    assertFalse(Files.exists(out));
  }

  @Test
  void aCompleteOutputIsStillRefusedAndNothingIsLeftAfterSuccess() throws Exception {
    writeInputs();
    Path out = dir.resolve("out");
    run(TIES, out, SHARD, new Seen(), true);
    assertNoLeftovers(out);
    TensorFileException e = assertThrows(TensorFileException.class, () -> run(TIES, out, SHARD, new Seen(), true));
    assertTrue(e.getMessage().contains("is a non-empty directory"), e.getMessage());
    assertFalse(Files.exists(ShardedWriter.partialDirectory(out)));
  }

  // ---------------------------------------------------------------------------------------------

  private MergePlan plan(String yaml, Path out) {
    return Planner.plan(MergekitYaml.parse(yaml, "resume.yml"), dir, out);
  }

  private MergeResult run(String yaml, Path out, long shard, Seen seen, boolean resume) {
    return StreamingMerge.run(plan(yaml, out), out, shard, new StreamLimits(256L << 20, 2), resume, seen, () -> false);
  }

  private Seen cancelAfter(String yaml, Path out, int tensors) {
    return cancelAfter(yaml, out, SHARD, tensors);
  }

  /** Runs and cancels before tensor {@code tensors + 1}; returns what the run saw. */
  private Seen cancelAfter(String yaml, Path out, long shard, int tensors) {
    Seen seen = new Seen();
    int[] polls = {0};
    assertThrows(MergeCancelledException.class, () -> StreamingMerge.run(plan(yaml, out), out, shard,
        new StreamLimits(256L << 20, 2), true, seen, () -> ++polls[0] > tensors));
    assertEquals(tensors, seen.merged.size());
    return seen;
  }

  /** Shard file → its tensors, from a finished checkpoint's index (in file name order). */
  private static Map<String, List<String>> shardsOf(Path checkpoint) throws Exception {
    String json = Files.readString(checkpoint.resolve(INDEX));
    Map<String, List<String>> shards = new TreeMap<>();
    var map = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("weight_map");
    map.fieldNames().forEachRemaining(n -> shards.computeIfAbsent(map.get(n).asText(), k -> new ArrayList<>()).add(n));
    return shards;
  }

  /** The tensors of the shards all of whose tensors are in {@code merged}. */
  private static Set<String> finishedShardTensors(Path checkpoint, List<String> merged) throws Exception {
    Set<String> kept = new LinkedHashSet<>();
    for (List<String> tensors : shardsOf(checkpoint).values()) {
      if (merged.containsAll(tensors)) {
        kept.addAll(tensors);
      }
    }
    return kept;
  }

  private long inputBytes(List<String> names) {
    MergePlan plan = plan(TIES, dir.resolve("unused"));
    long bytes = 0;
    for (PlannedTensor t : plan.tensors()) {
      if (names.contains(t.name())) {
        bytes += t.shape().size() * DType.F32.byteSize() * (t.models().size() + 1);
      }
    }
    return bytes;
  }

  private static void assertSameFiles(Path expected, Path actual) throws Exception {
    List<String> names = list(expected);
    assertEquals(names, list(actual));
    assertTrue(names.contains(INDEX));
    for (String name : names) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)), name);
    }
  }

  private void assertNoLeftovers(Path out) throws Exception {
    assertFalse(Files.exists(ShardedWriter.partialDirectory(out)), "the partial directory became the output");
    assertFalse(Files.exists(lockFile(out)));
    assertTrue(list(out).stream().noneMatch(n -> n.startsWith(".")), "no bookkeeping in the output: " + list(out));
    try (Stream<Path> siblings = Files.list(out.getParent())) {
      assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith("." + out.getFileName())));
    }
  }

  private static Path lockFile(Path out) {
    Path partial = ShardedWriter.partialDirectory(out);
    return partial.resolveSibling(partial.getFileName() + ".lock");
  }

  private static List<String> list(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A base and two fine-tunes, f32: six small tensors and one of 2^18 elements. */
  private void writeInputs() {
    for (int m = 0; m < 3; m++) {
      Map<String, HostTensor> t = new LinkedHashMap<>();
      t.put("model.embed_tokens.weight", random(m, 1, 16, 8));
      for (int layer = 0; layer < 3; layer++) {
        t.put("model.layers." + layer + ".mlp.up_proj.weight", random(m, 10 + layer, 8, 16));
        t.put("model.layers." + layer + ".self_attn.q_proj.weight", random(m, 20 + layer, 8, 8));
      }
      t.put("model.layers.1.mlp.down_proj.weight", random(m, 30, 512, 512));
      t.put("model.norm.weight", random(m, 40, 8));
      ShardedWriter.write(dir.resolve(m == 0 ? "base" : "m" + (m - 1)), t, 1L << 30, Map.of("format", "pt"), false);
    }
  }

  private static HostTensor random(int model, long seed, long... shape) {
    int n = (int) Shape.of(shape).size();
    Random base = new Random(seed);
    Random delta = new Random(seed * 31 + model);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (base.nextFloat() - 0.5f) * 0.04f + (model == 0 ? 0f : (delta.nextFloat() - 0.5f) * 0.004f);
    }
    return HostTensor.ofFloats(Shape.of(shape), v);
  }
}
