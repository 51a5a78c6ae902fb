package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.merge.data.DataMethod;
import org.moelab.merge.data.FisherMerge;
import org.moelab.merge.data.RegMean;
import org.moelab.merge.plan.DataMergePlan;
import org.moelab.merge.plan.DataMergePlanner;
import org.moelab.merge.plan.DataMergeSpec;
import org.moelab.merge.plan.PlanException;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * Fisher merging and RegMean of checkpoints, streamed, against the in-memory merges of the same
 * decoded values: equal float for float (f32 out), or equal after rounding the in-memory result
 * to bf16 (bf16 out), whether the tensors go whole or one row (and one Gram row) at a time on two
 * threads; plan problems found from headers, all at once, naming the tensor and the fix.
 */
class StreamedDataMergeTest {
  /** So small that every tensor goes one row per block, and every Gram one row per chunk. */
  private static final StreamLimits ROW_AT_A_TIME = new StreamLimits(4, 2);
  private static final double[] WEIGHTS = {0.5, 1.0, 2.0};

  @TempDir Path dir;

  private List<Path> models(DType dtype) {
    List<Path> out = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      Map<String, HostTensor> t = new LinkedHashMap<>(DataCheckpoints.random(dtype, 10 + m, false));
      t.put("position_ids", HostTensor.ofLongs(Shape.of(4), 0, 1, 2, 3));
      out.add(DataCheckpoints.directory(dir, "model" + m, t));
    }
    return out;
  }

  private MergeResult run(DataMethod method, List<Path> models, List<Path> stats, List<Double> weights,
      double parameter, String outDtype, StreamLimits limits, Path out) {
    DataMergeSpec spec = new DataMergeSpec(method, strings(models), strings(stats), weights, parameter, outDtype);
    DataMergePlan plan = DataMergePlanner.plan(spec, out);
    return DataMergeStreaming.run(plan, out, 300, limits, MergeProgress.NONE, () -> false);
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"F32", "BF16"})
  void fisherStreamedEqualsInMemory(DType dtype) {
    List<Path> models = models(dtype);
    List<Path> fishers = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      fishers.add(DataCheckpoints.file(dir, "fisher" + m, DataCheckpoints.random(dtype, 20 + m, true)));
    }
    for (double floor : new double[] {1e-6, 0.0}) {
      Map<String, float[]> expected = new LinkedHashMap<>();
      for (String name : DataCheckpoints.SHAPES.keySet()) {
        expected.put(name, FisherMerge.merge(name, column(models, name), column(fishers, name), WEIGHTS, floor));
      }
      List<Double> w = List.of(WEIGHTS[0], WEIGHTS[1], WEIGHTS[2]);
      Path whole = dir.resolve("fisher-whole-" + dtype + floor);
      Path rows = dir.resolve("fisher-rows-" + dtype + floor);
      Path own = dir.resolve("fisher-own-" + dtype + floor);
      MergeResult r = run(DataMethod.FISHER, models, fishers, w, floor, "f32", StreamLimits.DEFAULT, whole);
      run(DataMethod.FISHER, models, fishers, w, floor, "f32", ROW_AT_A_TIME, rows);
      run(DataMethod.FISHER, models, fishers, w, floor, null, ROW_AT_A_TIME, own);
      assertEquals(5, r.tensors());
      assertSame(expected, DataCheckpoints.read(whole), DType.F32);
      assertSame(expected, DataCheckpoints.read(rows), DType.F32);
      assertSame(expected, DataCheckpoints.read(own), dtype);
      assertIntegersCopied(own);
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"F32", "BF16"})
  void regmeanStreamedEqualsInMemory(DType dtype) {
    List<Path> models = models(dtype);
    List<Path> grams = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      grams.add(DataCheckpoints.file(dir, "gram" + m, DataCheckpoints.grams(dtype, 30 + m)));
    }
    Map<String, float[]> gramValues = DataCheckpoints.read(grams.get(0));
    for (double alpha : new double[] {1.0, 0.6}) {
      Map<String, float[]> expected = new LinkedHashMap<>();
      DataCheckpoints.SHAPES.forEach((name, shape) -> {
        List<float[]> w = column(models, name);
        if (gramValues.containsKey(name)) {
          expected.put(name, RegMean.merge(name, (int) shape[0], (int) shape[1], w, column(grams, name), alpha));
        } else {
          float[] mean = new float[w.get(0).length];
          RegMean.averageInto(w, mean, 0, mean.length);
          expected.put(name, mean);
        }
      });
      Path whole = dir.resolve("regmean-whole-" + dtype + alpha);
      Path rows = dir.resolve("regmean-rows-" + dtype + alpha);
      Path own = dir.resolve("regmean-own-" + dtype + alpha);
      run(DataMethod.REGMEAN, models, grams, List.of(), alpha, "float32", StreamLimits.DEFAULT, whole);
      run(DataMethod.REGMEAN, models, grams, List.of(), alpha, "float32", ROW_AT_A_TIME, rows);
      run(DataMethod.REGMEAN, models, grams, List.of(), alpha, null, ROW_AT_A_TIME, own);
      assertSame(expected, DataCheckpoints.read(whole), DType.F32);
      assertSame(expected, DataCheckpoints.read(rows), DType.F32);
      assertSame(expected, DataCheckpoints.read(own), dtype);
      assertIntegersCopied(own);
    }
  }

  @Test
  void fisherProblemsAreReportedTogetherBeforeAnythingIsWritten() {
    List<Path> models = models(DType.F32);
    Map<String, HostTensor> lacking = DataCheckpoints.random(DType.F32, 1, true);
    lacking.remove("model.layers.0.fc.bias");
    Map<String, HostTensor> misshapen = DataCheckpoints.random(DType.F32, 2, true);
    misshapen.put("model.layers.1.fc.weight", Checkpoints.fill(DType.F32, new long[] {6, 3}, 1f));
    List<Path> fishers = List.of(DataCheckpoints.file(dir, "f0", lacking), DataCheckpoints.file(dir, "f1", misshapen),
        DataCheckpoints.file(dir, "f2", DataCheckpoints.random(DType.F32, 3, true)));
    Path out = dir.resolve("out");
    PlanException e = assertThrows(PlanException.class,
        () -> run(DataMethod.FISHER, models, fishers, List.of(), 1e-6, null, StreamLimits.DEFAULT, out));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertEquals("Fisher checkpoint " + fishers.get(0) + " has no tensor 'model.layers.0.fc.bias'; a Fisher has every "
        + "tensor of its model: compute it for the whole model (fisher_from_grads of full gradients) and save all of "
        + "it.", e.problems().get(0));
    assertEquals("Fisher 'model.layers.1.fc.weight' in " + fishers.get(1) + " is [6, 3], but it must be the model's "
        + "shape [3, 6]; a Fisher is shaped like its model.", e.problems().get(1));
    assertFalse(Files.exists(out));
  }

  @Test
  void gramProblemsNameTheTensorAndTheFix() {
    List<Path> models = models(DType.F32);
    Map<String, HostTensor> g0 = DataCheckpoints.grams(DType.F32, 1);
    g0.put("model.layers.0.fc.weight", Checkpoints.fill(DType.F32, new long[] {6, 6}, 1f));
    g0.put("model.norm.weight", Checkpoints.fill(DType.F32, new long[] {5, 5}, 1f));
    g0.put("model.layers.1.fc", Checkpoints.fill(DType.F32, new long[] {6, 6}, 1f));
    Map<String, HostTensor> g1 = DataCheckpoints.grams(DType.F32, 2);
    g1.remove("model.layers.1.fc.weight");
    List<Path> grams = List.of(DataCheckpoints.file(dir, "g0", g0), DataCheckpoints.file(dir, "g1", g1),
        DataCheckpoints.file(dir, "g2", DataCheckpoints.grams(DType.F32, 3)));
    PlanException e = assertThrows(PlanException.class, () -> run(DataMethod.REGMEAN, models, grams, List.of(), 1.0,
        null, StreamLimits.DEFAULT, dir.resolve("out")));
    List<String> p = e.problems();
    assertEquals(4, p.size(), e.getMessage());
    assertEquals("Gram 'model.layers.0.fc.weight' in " + grams.get(0) + " is [6, 6], but it must be [5, 5], [in, in] "
        + "for the weight 'model.layers.0.fc.weight' [6, 5] [out, in]; compute it with regmean_gram on that layer's "
        + "inputs X [..., 5].", p.get(0));
    assertEquals("Gram checkpoint " + grams.get(1) + " has no Gram for 'model.layers.1.fc.weight', which "
        + grams.get(0) + " has; give every model's Gram [6, 6] for a weight (regmean_gram of that layer's inputs), or "
        + "none (then it is averaged).", p.get(1));
    assertEquals("Gram checkpoint " + grams.get(0) + " has a Gram for 'model.norm.weight', but that tensor is [5] in "
        + "model " + models.get(0) + ", not a linear weight [out, in]; drop this Gram (the tensor is then averaged).",
        p.get(2));
    assertEquals("Gram checkpoint " + grams.get(0) + " has a Gram 'model.layers.1.fc', which is no tensor of the "
        + "models (did you mean 'model.layers.1.fc.weight'?); key each Gram by the name of the weight it belongs to.",
        p.get(3));
  }

  @Test
  void modelsMustAgreeAndArgumentsAreChecked() {
    List<Path> models = models(DType.F32);
    Map<String, HostTensor> odd = DataCheckpoints.random(DType.F32, 5, false);
    odd.remove("model.norm.weight");
    odd.put("model.layers.0.fc.bias", Checkpoints.fill(DType.F32, new long[] {7}, 1f));
    odd.put("lm_head.weight", Checkpoints.fill(DType.F32, new long[] {2}, 1f));
    Path oddModel = DataCheckpoints.directory(dir, "odd", odd);
    Path fisher = DataCheckpoints.file(dir, "f", DataCheckpoints.random(DType.F32, 6, true));
    PlanException e = assertThrows(PlanException.class, () -> run(DataMethod.FISHER,
        List.of(models.get(0), oddModel), List.of(fisher, fisher, fisher), List.of(1.0, Double.NaN), -1,
        "int8", StreamLimits.DEFAULT, models.get(0).resolve("out")));
    String m = e.getMessage();
    assertTrue(m.contains("fisher_merge got 2 models and 3 Fisher checkpoints; give one per model, in the same "
        + "order."), m);
    assertTrue(m.contains("fisher_merge: weight NaN is not a finite number; give finite weights."), m);
    assertTrue(m.contains("fisher_merge: fisher_floor is -1.0; it must be a finite number ≥ 0"), m);
    assertTrue(m.contains("dtype 'int8' is not supported; use float32, bfloat16 or float16."), m);
    assertTrue(m.contains("model " + oddModel + " has no tensor 'position_ids' (model " + models.get(0)
        + " has it); merge models of the same architecture, or drop this model."), m);
    assertTrue(m.contains("tensor 'model.layers.0.fc.bias' is [7] in model " + oddModel + " but [6] in model "
        + models.get(0) + "; only tensors of equal shape can be merged."), m);
    assertTrue(m.contains("model " + oddModel + " has a tensor 'lm_head.weight' that model " + models.get(0)
        + " lacks"), m);
    assertTrue(m.contains("overlaps the input " + models.get(0)), m);
  }

  @Test
  void theFingerprintTellsTheMethodAndParameterApart() {
    List<Path> models = models(DType.F32);
    List<Path> stats = List.of(DataCheckpoints.file(dir, "f0", DataCheckpoints.random(DType.F32, 1, true)),
        DataCheckpoints.file(dir, "f1", DataCheckpoints.random(DType.F32, 2, true)),
        DataCheckpoints.file(dir, "f2", DataCheckpoints.random(DType.F32, 3, true)));
    DataMergePlan a = DataMergePlanner.plan(new DataMergeSpec(DataMethod.FISHER, strings(models), strings(stats),
        List.of(), 1e-6, null), null);
    DataMergePlan b = DataMergePlanner.plan(new DataMergeSpec(DataMethod.FISHER, strings(models), strings(stats),
        List.of(), 1e-3, null), null);
    List<String> da = DataMergeStreaming.description(a);
    assertEquals("data-merge fisher_merge fisher_floor 1.0E-6", da.get(0));
    assertEquals("statistics model.layers.0.fc.weight 3:model.layers.0.fc.weight 4:model.layers.0.fc.weight "
        + "5:model.layers.0.fc.weight", da.get(1));
    assertEquals("statistics position_ids none", da.get(5));
    assertFalse(da.equals(DataMergeStreaming.description(b)));
  }

  @Test
  void aCancelledRegmeanResumesToTheSameBytes() throws Exception {
    List<Path> models = models(DType.BF16);
    List<Path> grams = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      grams.add(DataCheckpoints.file(dir, "gram" + m, DataCheckpoints.grams(DType.F32, 40 + m)));
    }
    DataMergePlan plan = DataMergePlanner.plan(new DataMergeSpec(DataMethod.REGMEAN, strings(models),
        strings(grams), List.of(), 0.8, null), null);
    Path clean = dir.resolve("clean");
    Path resumed = dir.resolve("resumed");
    DataMergeStreaming.run(plan, clean, 100, ROW_AT_A_TIME, MergeProgress.NONE, () -> false);
    int[] polls = {0};
    assertThrows(MergeCancelledException.class, () -> DataMergeStreaming.run(plan, resumed, 100, ROW_AT_A_TIME,
        MergeProgress.NONE, () -> ++polls[0] > 3));
    assertFalse(Files.exists(resumed));
    List<String> messages = new ArrayList<>();
    MergeResult r = DataMergeStreaming.run(plan, resumed, 100, ROW_AT_A_TIME, new MergeProgress() {
      @Override
      public void update(int done, int total, long read, long all, String name) {}

      @Override
      public void resumed(org.moelab.io.ResumeReport report, String message) {
        messages.add(message);
      }
    }, () -> false);
    assertTrue(r.keptTensors() > 0, "the cancelled run finished a shard");
    assertTrue(messages.get(0).startsWith("resuming: "), messages.toString());
    try (java.util.stream.Stream<Path> files = Files.list(clean)) {
      for (Path f : files.toList()) {
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(resumed.resolve(f.getFileName())), f.toString());
      }
    }
  }

  private static void assertIntegersCopied(Path out) {
    try (TensorSource s = TensorFiles.load(out)) {
      assertEquals(DType.I64, s.info("position_ids").dtype());
      assertArrayEquals(new long[] {0, 1, 2, 3}, s.read("position_ids").toLongArray());
    }
  }

  /** The streamed result equals the in-memory one, rounded to {@code dtype}. */
  private static void assertSame(Map<String, float[]> expected, Map<String, float[]> got, DType dtype) {
    expected.forEach((name, want) -> {
      float[] rounded = want.clone();
      if (dtype == DType.BF16) {
        for (int i = 0; i < rounded.length; i++) {
          rounded[i] = Float.intBitsToFloat(ElementCodec.floatToBf16(want[i]) << 16);
        }
      }
      assertArrayEquals(rounded, got.get(name), name);
    });
  }

  /** Tensor {@code name} of each checkpoint, as f32. */
  private static List<float[]> column(List<Path> checkpoints, String name) {
    List<float[]> out = new ArrayList<>();
    for (Path p : checkpoints) {
      try (TensorSource s = TensorFiles.load(p)) {
        out.add(s.read(name).toFloatArray());
      }
    }
    return out;
  }

  private static List<String> strings(List<Path> paths) {
    return paths.stream().map(Path::toString).toList();
  }
}
