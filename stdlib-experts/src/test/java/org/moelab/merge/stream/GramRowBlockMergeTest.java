package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.moelab.io.ShardedCheckpoint;
import org.moelab.io.ShardedWriter;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.io.TensorSpec;
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
 * slerp, nuslerp, model_stock and karcher streamed in row blocks (a 293 × 512 matrix and a 10,007
 * vector, each in several blocks with a partial last one, two threads) against the in-memory merge
 * ({@link TensorMerge}) of the same decoded inputs, bf16 and f32; the block arrays stay within the
 * budget, and merging a 2048 × 512 tensor in blocks of 400 kB allocates less than a quarter of one
 * input decoded whole (the in-memory route allocates every input and the output whole).
 *
 * <p>Tolerance: blocking changes only the order in which the double-precision Gram sums are added
 * (relative error ~1e-13 over 1e5 terms); through the coefficients (acos, sin, the Karcher
 * iteration) that moves the f32 outputs, of magnitude ~1, by far less than 1e-6 but may flip a
 * rounding: one f32 ulp is 6e-8–1.2e-7 relative. So 1e-6 · max(1, |x|) admits a few ulps and no
 * real error (a wrong block offset, a missed block or a stale statistic moves outputs by ~0.01–1).
 * A tensor in one block is merged exactly as in memory, bit for bit, with any number of threads.
 */
class GramRowBlockMergeTest {
  private static final long BLOCK_BYTES = 40_000;
  private static final double TOLERANCE = 1e-6;
  private static final Map<String, long[]> TENSORS = Map.of("w", new long[] {293, 512}, "b", new long[] {10_007});
  @TempDir Path dir;

  /** How the models relate to the base. */
  enum Data {
    /** θ_i = base + (common + own_i)/2: task vectors at about 60°, inputs at about 35° to the base. */
    CORRELATED,
    /** θ_i = base + 0.01·own_i: |cos| > 0.9995, slerp falls back to lerp. */
    CLOSE,
    /** Every input drawn on its own: about 90° apart, so karcher iterates. */
    INDEPENDENT
  }

  /** A merge config: the method, whether it has a base, the models (nuslerp weighs them), the globals. */
  record Case(String label, String method, boolean base, int models, String globals, Data data) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Arguments> cases() {
    List<Case> cases = List.of(
        new Case("slerp", "slerp", true, 1, "t: 0.3", Data.CORRELATED),
        new Case("slerp, lerp fallback", "slerp", true, 1, "t: 0.4", Data.CLOSE),
        new Case("nuslerp flattened", "nuslerp", false, 2, "", Data.INDEPENDENT),
        new Case("nuslerp flattened, base", "nuslerp", true, 2, "", Data.CORRELATED),
        new Case("nuslerp rows, base", "nuslerp", true, 2, "nuslerp_flatten: false", Data.CORRELATED),
        new Case("nuslerp row_wise", "nuslerp", false, 2, "nuslerp_flatten: false, nuslerp_row_wise: true",
            Data.INDEPENDENT),
        new Case("nuslerp row_wise, base", "nuslerp", true, 2, "nuslerp_flatten: false, nuslerp_row_wise: true",
            Data.CORRELATED),
        new Case("model_stock", "model_stock", true, 3, "", Data.CORRELATED),
        new Case("model_stock filter_wise", "model_stock", true, 3, "filter_wise: true", Data.CORRELATED),
        new Case("karcher, base", "karcher", true, 3, "max_iter: 10", Data.INDEPENDENT),
        new Case("karcher", "karcher", false, 4, "max_iter: 20, tol: 1e-9", Data.INDEPENDENT));
    return cases.stream().flatMap(c -> Stream.of(Arguments.of(c, DType.BF16), Arguments.of(c, DType.F32)));
  }

  static Stream<Arguments> memoryCases() {
    return cases().filter(a -> a.get()[1] == DType.F32);
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("cases")
  void rowBlocksAgreeWithTheWholeTensor(Case c, DType dtype) {
    writeCheckpoints(c, dtype);
    MergePlan plan = plan(c, c.globals());
    for (PlannedTensor t : plan.tensors()) {
      BlockLayout layout = BlockLayout.of(t.shape().dims(), inputs(t).size(), BLOCK_BYTES, false);
      assertTrue(layout.blocks() > 2 && layout.length(layout.blocks() - 1) < layout.maxLength(),
          t.name() + " must take several blocks, the last one partial: " + layout);
    }
    Map<String, float[]> whole = reference(plan);
    Streamed one = stream(plan, "one", new StreamLimits(1L << 30, 2));
    Streamed blocked = stream(plan, "blocked", new StreamLimits(BLOCK_BYTES, 2));
    for (PlannedTensor t : plan.tensors()) {
      assertArrayEquals(whole.get(t.name()), one.values().get(t.name()),
          t.name() + ": one block is the in-memory merge");
      assertClose(whole.get(t.name()), blocked.values().get(t.name()), t.name());
    }
    assertTrue(blocked.slotBytes() > 0 && blocked.slotBytes() <= BLOCK_BYTES,
        "block arrays of " + blocked.slotBytes() + " bytes for a budget of " + BLOCK_BYTES);
    checkRoute(c, plan, whole);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("memoryCases")
  void aMergeAllocatesBlocksNotTensors(Case c, DType dtype) {
    long budget = 400_000;
    long[] shape = {2048, 512};
    writeCheckpoints(c, dtype, Map.of("w", shape));
    MergePlan plan = plan(c, c.globals());
    stream(plan, "warm-up", new StreamLimits(budget, 1));
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<TensorSource> sources = open(plan);
    PlannedTensor t = plan.tensors().get(0);
    long oneInput = t.shape().size() * Float.BYTES;
    try (ShardedWriter writer = ShardedWriter.create(dir.resolve("out"), specs(plan), 1L << 30, Map.of(), false);
        TensorStreamer streamer = new TensorStreamer(sources, writer, new StreamLimits(budget, 1))) {
      long before = threads.getCurrentThreadAllocatedBytes();
      streamer.merge(t);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertTrue(allocated < oneInput / 4, "merging allocated " + allocated + " bytes; one input decoded whole is "
          + oneInput + " bytes");
      assertTrue(streamer.slotBytes() > 0 && streamer.slotBytes() <= budget,
          "block arrays of " + streamer.slotBytes() + " bytes for a budget of " + budget);
      streamer.drain();
    } finally {
      sources.forEach(TensorSource::close);
    }
  }

  /** The route each case means to exercise was taken: slerp's lerp fallback, several Karcher iterations. */
  private void checkRoute(Case c, MergePlan plan, Map<String, float[]> whole) {
    if (c.data() == Data.CLOSE) {
      double t = plan.tensors().get(0).options().t();
      for (PlannedTensor p : plan.tensors()) {
        float[] base = read(plan, p.base());
        float[] model = read(plan, p.models().get(0));
        float[] lerp = new float[base.length];
        for (int i = 0; i < lerp.length; i++) {
          lerp[i] = (float) ((1 - t) * base[i] + t * model[i]);
        }
        assertArrayEquals(lerp, whole.get(p.name()), p.name() + ": |dot| > 0.9995 takes the lerp");
      }
    }
    if (c.method().equals("karcher")) {
      Map<String, float[]> oneStep = reference(plan(c, c.globals().replaceAll("max_iter: \\d+", "max_iter: 1")));
      for (String name : TENSORS.keySet()) {
        assertFalse(Arrays.equals(oneStep.get(name), whole.get(name)), name + ": karcher must iterate more than once");
      }
    }
  }

  private static void assertClose(float[] want, float[] got, String name) {
    assertEquals(want.length, got.length, name);
    for (int i = 0; i < want.length; i++) {
      assertTrue(Math.abs(want[i] - got[i]) <= TOLERANCE * Math.max(1, Math.abs(want[i])),
          name + "[" + i + "]: whole tensor " + want[i] + ", row blocks " + got[i]);
    }
  }

  /** Every tensor merged in memory from the decoded inputs. */
  private Map<String, float[]> reference(MergePlan plan) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (PlannedTensor t : plan.tensors()) {
      List<float[]> models = new ArrayList<>();
      t.models().forEach(r -> models.add(read(plan, r)));
      float[] base = t.base() == null ? null : read(plan, t.base());
      out.put(t.name(), TensorMerge.merge(t.method(), new TensorInputs(t.name(), t.shape().dims(), base, models),
          t.params(), t.options()));
    }
    return out;
  }

  /** What a streamed merge wrote, and the bytes of block arrays its streamer held at the end. */
  record Streamed(Map<String, float[]> values, long slotBytes) {}

  private Streamed stream(MergePlan plan, String out, StreamLimits limits) {
    Path target = dir.resolve(out);
    List<TensorSource> sources = open(plan);
    long slotBytes;
    try (ShardedWriter writer = ShardedWriter.create(target, specs(plan), 1L << 30, Map.of(), false);
        TensorStreamer streamer = new TensorStreamer(sources, writer, limits)) {
      plan.tensors().forEach(streamer::merge);
      streamer.drain();
      writer.commit();
      slotBytes = streamer.slotBytes();
    } finally {
      sources.forEach(TensorSource::close);
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    try (ShardedCheckpoint ckpt = ShardedCheckpoint.open(target)) {
      plan.tensors().forEach(t -> values.put(t.name(), ckpt.read(t.name()).toFloatArray()));
    }
    return new Streamed(values, slotBytes);
  }

  private static List<TensorSource> open(MergePlan plan) {
    List<TensorSource> sources = new ArrayList<>();
    plan.sources().forEach(p -> sources.add(TensorFiles.load(p)));
    return sources;
  }

  private static List<TensorSpec> specs(MergePlan plan) {
    return plan.tensors().stream().map(t -> new TensorSpec(t.name(), t.outDtype(), t.shape())).toList();
  }

  private static float[] read(MergePlan plan, TensorRef r) {
    try (TensorSource s = TensorFiles.load(plan.sources().get(r.source()))) {
      return s.read(r.name()).toFloatArray();
    }
  }

  private static List<TensorRef> inputs(PlannedTensor t) {
    List<TensorRef> all = new ArrayList<>(t.models());
    if (t.base() != null) {
      all.add(t.base());
    }
    return all;
  }

  private MergePlan plan(Case c, String globals) {
    StringBuilder y = new StringBuilder("merge_method: " + c.method() + "\ndtype: float32\n");
    if (c.base()) {
      y.append("base_model: base\n");
    }
    y.append("models:\n");
    for (int m = 0; m < c.models(); m++) {
      y.append("  - model: m").append(m).append('\n');
      if (c.method().equals("nuslerp")) {
        y.append("    parameters: {weight: ").append(m == 0 ? "0.3" : "0.7").append("}\n");
      }
    }
    y.append("parameters: {").append(globals).append("}\n");
    return Planner.plan(MergekitYaml.parse(y.toString(), "test.yml"), dir, dir.resolve("unused"));
  }

  private void writeCheckpoints(Case c, DType dtype) {
    writeCheckpoints(c, dtype, TENSORS);
  }

  private void writeCheckpoints(Case c, DType dtype, Map<String, long[]> shapes) {
    for (int m = c.base() ? -1 : 0; m < c.models(); m++) {
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        long[] shape = e.getValue();
        float[] v = values((int) Shape.of(shape).size(), e.getKey().hashCode(), c.data(), m);
        tensors.put(e.getKey(), HostTensor.ofFloats(Shape.of(shape), v).cast(dtype));
      }
      ShardedWriter.write(dir.resolve(m < 0 ? "base" : "m" + m), tensors, 1L << 30, Map.of(), false);
    }
  }

  /** Model {@code model}'s values (−1: the base), uniform in [−1, 1), related to the base as {@code data} says. */
  private static float[] values(int n, long seed, Data data, int model) {
    Random base = new Random(seed);
    Random common = new Random(seed + 1);
    Random own = new Random(seed + 100 + model);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      float b = 2 * base.nextFloat() - 1;
      float s = 2 * common.nextFloat() - 1;
      float o = 2 * own.nextFloat() - 1;
      v[i] = model < 0 ? b : switch (data) {
        case CORRELATED -> b + 0.5f * (s + o);
        case CLOSE -> b + 0.01f * o;
        case INDEPENDENT -> o;
      };
    }
    return v;
  }
}
