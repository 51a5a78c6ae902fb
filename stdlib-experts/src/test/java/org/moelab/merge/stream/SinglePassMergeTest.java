package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.merge.TensorInputs;
import org.moelab.merge.TensorMerge;
import org.moelab.merge.config.MergekitYaml;
import org.moelab.merge.plan.MergePlan;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.Planner;
import org.moelab.merge.plan.TensorRef;
import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * The one-pass merge against the whole-tensor reference ({@link TensorMerge}): byte for byte, on
 * tensors large enough for it (several chunks), with bf16 task vectors whose magnitudes tie
 * massively at the threshold (as real bf16 checkpoints do), f32 ones that hardly tie, negative
 * weights, every sign election, λ, normalisation off and PEFT's density rescale. Each case also
 * checks that the speculation succeeded, so the test cannot pass by falling back.
 */
class SinglePassMergeTest {
  private static final long[] BF16_SHAPE = {512, 1024};
  private static final long[] F32_SHAPE = {300, 1000};
  /** An odd number of bf16 elements: the last tile cannot be decoded in pairs. */
  private static final long[] ODD_SHAPE = {513, 517};
  /** Eight times the one-pass merge's sample. */
  private static final long[] BIG_SHAPE = {2048, 2048};
  private static final StreamLimits LIMITS = new StreamLimits(256L << 20, 2);

  @TempDir Path dir;

  static Stream<String> configs() {
    return Stream.of(
        "merge_method: ties\nmodels:\n  - model: m0\n    parameters: {weight: 0.5, density: 0.5}\n"
            + "  - model: m1\n    parameters: {weight: 0.3, density: 0.5}\n"
            + "  - model: m2\n    parameters: {weight: 0.2, density: 0.5}\n",
        "merge_method: ties\nmodels:\n  - model: m0\n    parameters: {weight: 0.7, density: 0.3}\n"
            + "  - model: m1\n    parameters: {weight: -0.4, density: 0.7}\n"
            + "  - model: m2\n    parameters: {weight: 0.2, density: 0.9}\n"
            + "parameters: {normalize: false, lambda: 1.5}\n",
        "merge_method: ties\nmodels:\n  - model: m0\n    parameters: {weight: 1.0, density: 0.2}\n"
            + "  - model: m1\n    parameters: {weight: 0.5, density: 0.6}\n"
            + "  - model: m2\n    parameters: {weight: 0.5, density: 1.0}\n"
            + "parameters: {sign_election: unweighted_sum}\n",
        "merge_method: ties\nmodels:\n  - model: m0\n    parameters: {weight: 0.6, density: 0.4}\n"
            + "  - model: m1\n    parameters: {weight: -0.3, density: 0.4}\n"
            + "  - model: m2\n    parameters: {weight: 0.3, density: 0.4}\n"
            + "parameters: {sign_election: count}\n",
        "merge_method: ties\nmodels:\n  - model: m0\n    parameters: {weight: 0.5, density: 0.5}\n"
            + "  - model: m1\n    parameters: {weight: 0.5, density: 0.25}\n"
            + "parameters: {rescale: true, rescale_mode: density}\n",
        "merge_method: task_arithmetic\nmodels:\n  - model: m0\n    parameters: {weight: 0.5}\n"
            + "  - model: m1\n    parameters: {weight: -0.5}\n  - model: m2\n    parameters: {weight: 1.0}\n"
            + "parameters: {lambda: 0.8}\n");
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("configs")
  void onePassEqualsTheWholeTensorMerge(String models) throws Exception {
    writeCheckpoints();
    MergePlan plan = plan(models);
    try (Harness h = new Harness(plan)) {
      for (PlannedTensor t : plan.tensors()) {
        assertTrue(SinglePassMerge.applies(t, h.sources, LIMITS.blockBytes()), t.name());
        ByteBuffer out = h.buffer(t);
        assertTrue(h.merge(t).mergeInto(out), t.name() + ": the bracket missed");
        assertArrayEquals(h.reference(t), bytes(out), t.name());
      }
    }
  }

  @Test
  void aBracketOpenAtTheTopStillMergesInOnePass() throws Exception {
    // Density 1e-5 keeps 2 to 5 elements: the bracket reaches past the sample's largest magnitude,
    // so its top is +∞ and no element is kept above it in the pass; every kept one is undecided.
    writeCheckpoints();
    MergePlan plan = plan(ties(0.00001));
    try (Harness h = new Harness(plan)) {
      for (PlannedTensor t : plan.tensors()) {
        ByteBuffer out = h.buffer(t);
        assertTrue(h.merge(t).mergeInto(out), t.name() + ": the one pass gave up");
        assertArrayEquals(h.reference(t), bytes(out), t.name());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"float32", "float16"})
  void onePassEqualsTheWholeTensorMergeInOtherOutputDtypes(String dtype) throws Exception {
    writeCheckpoints();
    MergePlan plan = plan(configs().findFirst().orElseThrow(), dtype);
    try (Harness h = new Harness(plan)) {
      for (PlannedTensor t : plan.tensors()) {
        ByteBuffer out = h.buffer(t);
        assertTrue(h.merge(t).mergeInto(out), t.name() + ": the bracket missed");
        assertArrayEquals(h.reference(t), bytes(out), t.name());
      }
    }
  }

  @Test
  void weightedSumsThatOverflowFallBackToTheExactRouteWithTheSameResult() throws Exception {
    // Finite inputs, but at one element 2·3e38 + 2·(−3e38) is Inf − Inf = NaN: the one-pass merge
    // does not elect a sign per tile there (its probe turns NaN), so the tensor takes the exact
    // route, whose element-by-element election gives the whole-tensor merge's bytes.
    writeCheckpoints();
    writeModel("m0", 12_345, 3e38f);
    writeModel("m1", 12_345, -3e38f);
    String config = "merge_method: ties\nmodels:\n  - model: m0\n    parameters: {weight: 2.0, density: 0.5}\n"
        + "  - model: m1\n    parameters: {weight: 2.0, density: 0.5}\n"
        + "  - model: m2\n    parameters: {weight: 0.2, density: 0.5}\n";
    assertTensorWTakesTheExactRouteWithTheSameResult(plan(config));
  }

  /** A value that is not finite in one input, under each way the combine probes for it. */
  static Stream<Arguments> nonFiniteInputs() {
    return Stream.of(
        Arguments.of("m1", Float.POSITIVE_INFINITY, 0, "TIES: the weighted sum"),
        Arguments.of("base", Float.NEGATIVE_INFINITY, 0, "TIES: the weighted sum, through every task vector"),
        Arguments.of("m2", Float.POSITIVE_INFINITY, 3, "TIES by sign count: the kept task vector"),
        Arguments.of("m0", Float.NaN, 5, "task arithmetic: the plain sum"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("nonFiniteInputs")
  void aNonFiniteInputFallsBackToTheExactRouteWithTheSameResult(String model, float value, int config, String probe)
      throws Exception {
    writeCheckpoints();
    writeModel(model, 12_345, value);
    assertTensorWTakesTheExactRouteWithTheSameResult(plan(configs().skip(config).findFirst().orElseThrow()));
  }

  /**
   * Asserts that the one-pass merge of tensor "w" of {@code plan} gives up, and that a streamed
   * merge of the plan (which then takes the exact route for it) gives the whole-tensor merges.
   */
  private void assertTensorWTakesTheExactRouteWithTheSameResult(MergePlan plan) {
    try (Harness h = new Harness(plan)) {
      PlannedTensor t = plan.tensors().stream().filter(p -> p.name().equals("w")).findFirst().orElseThrow();
      assertFalse(h.merge(t).mergeInto(h.buffer(t)));
      Path target = dir.resolve("out");
      StreamingMerge.run(plan, target, 1 << 30, LIMITS, MergeProgress.NONE, () -> false);
      try (ShardedCheckpoint merged = ShardedCheckpoint.open(target)) {
        for (PlannedTensor p : plan.tensors()) {
          assertArrayEquals(h.reference(p), bytes(merged.read(p.name()).data()), p.name());
        }
      }
    }
  }

  @Test
  void streamingWithAndWithoutTheOnePassRouteWritesTheSameBytes() throws Exception {
    writeCheckpoints();
    MergePlan plan = plan(configs().skip(1).findFirst().orElseThrow());
    Path fast = dir.resolve("fast");
    Path exact = dir.resolve("exact");
    StreamingMerge.run(plan, fast, 1 << 30, LIMITS, MergeProgress.NONE, () -> false);
    StreamingMerge.run(plan, exact, 1 << 30, new StreamLimits(1 << 20, 2), MergeProgress.NONE, () -> false);
    try (ShardedCheckpoint a = ShardedCheckpoint.open(fast); ShardedCheckpoint b = ShardedCheckpoint.open(exact)) {
      for (PlannedTensor t : plan.tensors()) {
        assertArrayEquals(bytes(b.read(t.name()).data()), bytes(a.read(t.name()).data()), t.name());
      }
    }
  }

  @Test
  void tieWindowsGiveTheWholeTensorMerge() throws Exception {
    // Tensors 8 times the one-pass merge's sample: bf16 task vectors whose threshold magnitude is
    // one tie group (about 3 % of the elements), so only a window of that group is listed.
    Outcome o = mergeBig();
    assertTrue(o.windows >= 6, o.windows + " of 9 task vectors had a tie window");
  }

  @Test
  void f64InputsAfterBf16OnesGiveTheWholeTensorMerge() throws Exception {
    // A bf16 tensor, then an f64 one: the read buffers kept from the first grow to eight bytes an
    // element for the second's sample runs and chunks.
    for (String model : new String[] {"base", "m0", "m1", "m2"}) {
      int index = model.equals("base") ? 0 : 1 + Integer.parseInt(model.substring(1));
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      tensors.put("a", HostTensor.ofFloats(Shape.of(BF16_SHAPE), values(BF16_SHAPE, index, 5)).cast(DType.BF16));
      tensors.put("d", HostTensor.ofFloats(Shape.of(BF16_SHAPE), values(BF16_SHAPE, index, 17)).cast(DType.F64));
      ShardedWriter.write(dir.resolve(model), tensors, 1L << 30, Map.of("format", "pt"), true);
    }
    MergePlan plan = plan(configs().findFirst().orElseThrow(), "float32");
    assertEquals(List.of("a", "d"), plan.tensors().stream().map(PlannedTensor::name).toList());
    mergeAll(plan);
  }

  @Test
  void aTieWindowThatMissesTheCutIsWidenedAndTheResultIsExact() throws Exception {
    // f32 task vectors quantised to multiples of 2⁻¹², |δ| uniform over 0..8 such steps: the top
    // half's threshold is the tie group |δ| = 4·2⁻¹². Outside the sampled runs half the elements at
    // 3·2⁻¹² are moved up to the tie (the count above it stays, so the threshold does too): the
    // sample underestimates how dense the ties are, places the window after the true cut, and the
    // window has to be widened.
    writeQuantised(8, 3, 4, 0.5);
    Outcome o = mergeAll(plan(configs().findFirst().orElseThrow(), "float32"));
    assertTrue(o.windows == 3, o.windows + " of 3 task vectors had a tie window");
    assertTrue(o.mergedAgain > 0, "no window was widened");
    assertEquals(0, o.retried, "tensors merged a second time with plain brackets");
  }

  @Test
  void aTieThatIsNotTheThresholdAfterAllIsMergedAgainWithAPlainBracket() throws Exception {
    // |δ| uniform over 0..32 steps (each magnitude ~3 % of the elements) and density 0.495: the
    // sample puts the threshold in the group at 16 steps, 0.3 % of the elements from its top. Outside
    // the sampled runs 15 % of those at 16 are moved to 17, so 0.4 % more lie above 16 than the
    // sample knows: the true threshold is in the group at 17. The tie guess fails once all is
    // counted, and the second try, with a plain bracket, is exact.
    writeQuantised(32, 16, 17, 0.15);
    Outcome o = mergeAll(plan(ties(0.495), "float32"));
    assertEquals(1, o.retried, "tensors merged a second time with plain brackets");
    assertTrue(o.windows == 0, o.windows + " tie windows left after the second try");
  }

  @Test
  void aCutBeyondTheCountedMarginsIsMergedAgainWithAPlainBracket() throws Exception {
    // As in the widened window's test (|δ| over 0..8 steps, half the elements at 3 moved up to the
    // tie outside the sampled runs), but density 0.57: of the tie group at 4 steps (2/17 of the
    // elements in the sample, 3/17 outside it) the first 0.1·n in index order are kept. The sample
    // puts that cut at about 54 of the 64 chunks, the tie density elsewhere at about 36: beyond the
    // chunks whose ties are counted around the window, so the window cannot be widened, and the
    // second try, with a plain bracket, is exact.
    writeQuantised(8, 3, 4, 0.5);
    Outcome o = mergeAll(plan(ties(0.57), "float32"));
    assertEquals(1, o.retried, "tensors merged a second time with plain brackets");
    assertEquals(0, o.windows, "tie windows left after the second try");
  }

  /** TIES of m0, m1 and m2 with weights 0.5, 0.3 and 0.2, each at {@code density}. */
  private static String ties(double density) {
    StringBuilder s = new StringBuilder("merge_method: ties\nmodels:\n");
    double[] weights = {0.5, 0.3, 0.2};
    for (int m = 0; m < weights.length; m++) {
      s.append("  - model: m").append(m).append("\n    parameters: {weight: ").append(weights[m])
          .append(", density: ").append(density).append("}\n");
    }
    return s.toString();
  }

  /**
   * Writes base, m0, m1 and m2, one f32 tensor "q" of BIG_SHAPE each: base and task vector in steps
   * of 2⁻¹² (exact in f32), |δ| uniform over 0..max steps; outside the sampled runs a {@code share}
   * of the elements at {@code from} steps are moved to {@code to}.
   */
  private void writeQuantised(int max, int from, int to, double share) {
    for (String model : new String[] {"base", "m0", "m1", "m2"}) {
      int index = model.equals("base") ? 0 : 1 + Integer.parseInt(model.substring(1));
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      tensors.put("q", HostTensor.ofFloats(Shape.of(BIG_SHAPE), quantised(index, max, from, to, share)));
      ShardedWriter.write(dir.resolve(model), tensors, 1L << 30, Map.of("format", "pt"), true);
    }
  }

  /** The values of {@link #writeQuantised}; model 0 is the base. */
  private static float[] quantised(int model, int max, int from, int to, double share) {
    int n = (int) Shape.of(BIG_SHAPE).size();
    boolean[] sampled = new boolean[n];
    int runs = SinglePassMerge.SAMPLE_SEGMENTS;
    for (int g = 0; g < runs; g++) {
      int start = (int) TieWindow.runStart(g, runs, SinglePassMerge.SAMPLE_LENGTH, n);
      Arrays.fill(sampled, start, start + SinglePassMerge.SAMPLE_LENGTH, true);
    }
    Random base = new Random(3);
    Random delta = new Random(40 + model);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      int b = base.nextInt(161) - 80;
      int d = delta.nextInt(2 * max + 1) - max;
      if (!sampled[i] && Math.abs(d) == from && delta.nextDouble() < share) {
        d = Integer.signum(d) * to;
      }
      v[i] = (b + (model == 0 ? 0 : d)) * 0x1p-12f;
    }
    return v;
  }

  private record Outcome(int windows, int mergedAgain, int retried) {}

  /** Merges three bf16 BIG_SHAPE tensors in one pass each, asserting each against the whole-tensor merge. */
  private Outcome mergeBig() throws Exception {
    writeModels(new String[] {"big0", "big1", "big2"}, BIG_SHAPE);
    return mergeAll(plan(configs().findFirst().orElseThrow()));
  }

  /**
   * Merges every tensor of {@code plan} in one pass, with resources kept from tensor to tensor as a
   * streamed merge keeps them, asserting each against the whole-tensor merge.
   */
  private Outcome mergeAll(MergePlan plan) throws Exception {
    int windows = 0;
    int mergedAgain = 0;
    int retried = 0;
    try (Harness h = new Harness(plan)) {
      for (PlannedTensor t : plan.tensors()) {
        ByteBuffer out = h.buffer(t);
        assertTrue(SinglePassMerge.applies(t, h.sources, LIMITS.blockBytes()), t.name());
        SinglePassMerge merge = h.merge(t);
        assertTrue(merge.mergeInto(out), t.name() + ": the speculation missed");
        assertArrayEquals(h.reference(t), bytes(out), t.name());
        windows += merge.tieWindows();
        mergedAgain += merge.mergedAgain();
        retried += merge.retried() ? 1 : 0;
      }
    }
    return new Outcome(windows, mergedAgain, retried);
  }

  private MergePlan plan(String models) {
    return plan(models, "bfloat16");
  }

  private MergePlan plan(String models, String dtype) {
    return Planner.plan(MergekitYaml.parse("base_model: base\ndtype: " + dtype + "\n" + models, "test.yml"), dir,
        dir.resolve("unused"));
  }

  /** Base ±0.02 and dense task vectors ±0.002, rounded to bf16 ("w", heavy ties) and kept in f32 ("v"). */
  private void writeCheckpoints() {
    writeModel("base", -1, 0f);
    for (int m = 0; m < 3; m++) {
      writeModel("m" + m, -1, 0f);
    }
  }

  /** Writes base, m0, m1 and m2 with bf16 tensors {@code names} of {@code shape}. */
  private void writeModels(String[] names, long[] shape) {
    for (String model : new String[] {"base", "m0", "m1", "m2"}) {
      int index = model.equals("base") ? 0 : 1 + Integer.parseInt(model.substring(1));
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < names.length; i++) {
        tensors.put(names[i], HostTensor.ofFloats(Shape.of(shape), values(shape, index, 101 + i)).cast(DType.BF16));
      }
      ShardedWriter.write(dir.resolve(model), tensors, 1L << 30, Map.of("format", "pt"), true);
    }
  }

  /** Writes model {@code name}; element {@code at} of "w" becomes {@code value} when at ≥ 0. */
  private void writeModel(String name, int at, float value) {
    int model = name.equals("base") ? 0 : 1 + Integer.parseInt(name.substring(1));
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    float[] w = values(BF16_SHAPE, model, 7);
    if (at >= 0) {
      w[at] = value;
    }
    tensors.put("w", HostTensor.ofFloats(Shape.of(BF16_SHAPE), w).cast(DType.BF16));
    tensors.put("v", HostTensor.ofFloats(Shape.of(F32_SHAPE), values(F32_SHAPE, model, 11)));
    tensors.put("u", HostTensor.ofFloats(Shape.of(ODD_SHAPE), values(ODD_SHAPE, model, 13)).cast(DType.BF16));
    ShardedWriter.write(dir.resolve(name), tensors, 1L << 30, Map.of("format", "pt"), true);
  }

  private static float[] values(long[] shape, int model, long seed) {
    int n = (int) Shape.of(shape).size();
    Random base = new Random(seed);
    Random delta = new Random(seed * 31 + model);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (base.nextFloat() - 0.5f) * 0.04f;
      if (model > 0) {
        v[i] += (delta.nextFloat() - 0.5f) * 0.004f;
      }
    }
    return v;
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    d.position(0);
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  /** Open sources and the single-pass machinery for a plan. */
  private static final class Harness implements AutoCloseable {
    final List<TensorSource> sources = new ArrayList<>();
    final StreamResources resources = StreamResources.create();
    final Workers workers = new Workers(2);

    Harness(MergePlan plan) {
      plan.sources().forEach(p -> sources.add(TensorFiles.load(p)));
    }

    SinglePassMerge merge(PlannedTensor t) {
      return SinglePassMerge.of(t, sources, workers, resources);
    }

    ByteBuffer buffer(PlannedTensor t) {
      return ByteBuffer.allocateDirect((int) t.outBytes()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The whole-tensor merge, encoded in the output dtype. */
    byte[] reference(PlannedTensor t) {
      List<float[]> models = new ArrayList<>();
      for (TensorRef r : t.models()) {
        models.add(read(r));
      }
      float[] merged = TensorMerge.merge(t.method(),
          new TensorInputs(t.name(), t.shape().dims(), read(t.base()), models), t.params(), t.options());
      return bytes(HostTensor.ofFloats(t.shape(), merged).cast(t.outDtype()).data());
    }

    private float[] read(TensorRef r) {
      return sources.get(r.source()).read(r.name()).toFloatArray();
    }

    @Override
    public void close() {
      resources.close();
      workers.close();
      sources.forEach(TensorSource::close);
    }
  }
}
