package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.merge.delta.ComPeft;
import org.moelab.merge.delta.DeltaCoMe;
import org.moelab.merge.delta.DeltaEdits;
import org.moelab.merge.plan.EditPlanner;
import org.moelab.merge.plan.EditSpec;
import org.moelab.merge.plan.PlanException;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * cape, model_patch, compeft and delta_come of checkpoints, streamed, against the in-memory edits of
 * the same decoded values: equal float for float (f32 out) or after rounding the in-memory result
 * to bf16 (bf16 out), with the default block budget (every tensor in one block) and with a budget
 * so small that tensors take several row blocks, the last one partial; integer tensors copied from
 * the edited input; plan problems found from the headers, all at once, naming the tensor and the fix.
 */
class StreamedEditTest {
  /** Blocks of 2 rows of [7, 5] for cape (3 arrays: 2, 2, 2, 1), 3 rows for compeft with a base, 6 without. */
  private static final StreamLimits TINY = new StreamLimits(130, 2);
  private static final Map<String, long[]> SHAPES = shapes();

  @TempDir Path dir;
  private int runs;

  private static Map<String, long[]> shapes() {
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("a.weight", new long[] {7, 5});
    s.put("a.bias", new long[] {9});
    s.put("b.weight", new long[] {3, 6});
    s.put("ties", new long[] {10, 4});
    s.put("scalar", new long[] {});
    return s;
  }

  /** Gaussian tensors of {@link #SHAPES} (small integers in "ties", so magnitudes tie) and an int64 buffer. */
  private static Map<String, HostTensor> tensors(DType dtype, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, HostTensor> t = new LinkedHashMap<>();
    SHAPES.forEach((n, shape) -> {
      double[] v = new double[(int) Shape.of(shape).size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = n.equals("ties") ? rng.nextInt(5) - 2 : rng.nextGaussian();
      }
      t.put(n, HostTensor.fromDoubles(dtype, Shape.of(shape), v));
    });
    t.put("position_ids", HostTensor.ofLongs(Shape.of(3), seed, seed + 1, seed + 2));
    return t;
  }

  private Path checkpoint(String name, DType dtype, long seed, boolean asDirectory) {
    Map<String, HostTensor> t = tensors(dtype, seed);
    return asDirectory ? DataCheckpoints.directory(dir, name, t) : DataCheckpoints.file(dir, name, t);
  }

  private List<String> inputs(DType dtype) {
    return List.of(checkpoint("in0", dtype, 10, true).toString(), checkpoint("in1", dtype, 11, false).toString(),
        checkpoint("in2", dtype, 12, true).toString());
  }

  /** The in-memory edit of one tensor of {@code shape}, its values in each input. */
  private interface InMemory {
    float[] apply(long[] shape, List<float[]> inputs);
  }

  /**
   * Runs {@code spec} three ways (whole, f32 out; in tiny blocks, f32 out; in tiny blocks in each
   * tensor's own dtype) and checks each against {@code inMemory}, and that the integer buffer is the
   * one of the input with seed {@code ids}.
   */
  private void check(EditSpec spec, InMemory inMemory, DType dtype, long ids) {
    Map<String, float[]> expected = new LinkedHashMap<>();
    List<Map<String, float[]>> values = spec.inputs().stream().map(p -> DataCheckpoints.read(Path.of(p))).toList();
    SHAPES.forEach((name, shape) -> expected.put(name, inMemory.apply(shape,
        values.stream().map(v -> v.get(name)).toList())));
    Path whole = run(withDtype(spec, "f32"), StreamLimits.DEFAULT);
    Path blocked = run(withDtype(spec, "float32"), TINY);
    Path own = run(spec, TINY);
    assertSame(expected, DataCheckpoints.read(whole), DType.F32);
    assertSame(expected, DataCheckpoints.read(blocked), DType.F32);
    assertSame(expected, DataCheckpoints.read(own), dtype);
    try (TensorSource s = TensorFiles.load(own)) {
      assertEquals(DType.I64, s.info("position_ids").dtype());
      assertArrayEquals(new long[] {ids, ids + 1, ids + 2}, s.read("position_ids").toLongArray());
    }
  }

  private Path run(EditSpec spec, StreamLimits limits) {
    Path out = dir.resolve("out" + runs++);
    MergeResult r = EditStreaming.run(EditPlanner.plan(spec, out), out, 300, limits, MergeProgress.NONE, () -> false);
    assertEquals(SHAPES.size() + 1, r.tensors());
    return out;
  }

  private static EditSpec withDtype(EditSpec s, String dtype) {
    return new EditSpec(s.method(), s.inputs(), s.factor(), s.density(), s.scale(), s.ranks(), s.bits(), dtype);
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"F32", "BF16"})
  void capeStreamedEqualsInMemory(DType dtype) {
    List<String> in = inputs(dtype);
    check(EditSpec.cape(in.get(0), in.get(1), in.get(2), 0.75, null),
        (shape, x) -> DeltaEdits.cape(x.get(0), x.get(1), x.get(2), 0.75), dtype, 10);
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"F32", "BF16"})
  void modelPatchStreamedEqualsInMemory(DType dtype) {
    List<String> in = inputs(dtype);
    check(EditSpec.patch(in.get(0), in.get(1), in.get(2), 1.5, null),
        (shape, x) -> DeltaEdits.patch(x.get(0), x.get(1), x.get(2), 1.5), dtype, 12);
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"F32", "BF16"})
  void compeftStreamedEqualsInMemory(DType dtype) {
    List<String> in = inputs(dtype);
    for (ComPeft.Scale scale : ComPeft.Scale.values()) {
      for (double density : new double[] {0.3, 0.55, 0.0, 1.0}) {
        check(EditSpec.compeft(in.get(0), in.get(1), density, 0.5, scale, null),
            (shape, x) -> ComPeft.compressTensor(x.get(0), x.get(1), density, 0.5, scale), dtype, 11);
      }
      check(EditSpec.compeft(in.get(0), null, 0.3, 2.0, scale, null),
          (shape, x) -> ComPeft.compress(x.get(0), 0.3, 2.0, scale), dtype, 10);
    }
  }

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"F32", "BF16"})
  void deltaComeStreamedEqualsInMemory(DType dtype) {
    List<String> in = inputs(dtype);
    int[] ranks = {1, 2};
    int[] bits = {8, 3};
    check(EditSpec.deltaCome(in.get(0), in.get(1), List.of(1, 2), List.of(8, 3), null),
        (shape, x) -> DeltaCoMe.compressTensor(x.get(0), x.get(1), shape, ranks, bits), dtype, 11);
    check(EditSpec.deltaCome(in.get(0), null, List.of(1, 2), List.of(8, 3), null),
        (shape, x) -> DeltaCoMe.compressTensor(x.get(0), null, shape, ranks, bits), dtype, 10);
  }

  @Test
  void problemsAreReportedTogetherBeforeAnythingIsWritten() {
    Path base = checkpoint("base", DType.F32, 1, true);
    Map<String, HostTensor> bad = tensors(DType.F32, 2);
    bad.put("a.weight", HostTensor.fromDoubles(DType.F32, Shape.of(7, 4), new double[28]));
    bad.remove("a.bias");
    bad.put("ties", HostTensor.ofLongs(Shape.of(10, 4), new long[40]));
    bad.put("extra", HostTensor.fromDoubles(DType.F32, Shape.of(2), new double[2]));
    Path expert = DataCheckpoints.file(dir, "expert", bad);
    Path anti = checkpoint("anti", DType.F32, 3, false);
    Path out = dir.resolve("out");
    PlanException e = assertThrows(PlanException.class, () -> EditPlanner.plan(EditSpec.cape(base.toString(),
        expert.toString(), anti.toString(), Double.NaN, "f8"), out));
    String m = e.getMessage();
    assertTrue(m.contains("tensor 'a.weight' is [7, 4] in expert " + expert + " but [7, 5] in base " + base
        + "; only tensors of equal shape can be edited, so use checkpoints of the same architecture."), m);
    assertTrue(m.contains("tensor 'a.bias' is in base " + base + " but not in expert " + expert
        + "; cape needs checkpoints of the same architecture."), m);
    assertTrue(m.contains("tensor 'ties' is I64 in expert " + expert + " but F32 in base " + base
        + "; a tensor must be floating point in every input or in none; cape needs checkpoints of the same "
        + "architecture."), m);
    assertTrue(m.contains("tensor 'extra' is in expert " + expert + " but not in base " + base), m);
    assertTrue(m.contains("cape: alpha is NaN; give a finite number."), m);
    assertTrue(m.contains("dtype 'f8' is not supported"), m);
    assertEquals(6, e.problems().size(), m);
    assertFalse(Files.exists(out));
  }

  @Test
  void compeftAndDeltaComeParametersAreChecked() {
    Path model = checkpoint("model", DType.F32, 1, false);
    PlanException e = assertThrows(PlanException.class, () -> EditPlanner.plan(EditSpec.compeft(model.toString(),
        null, 1.5, 1.0, ComPeft.Scale.STD, null), null));
    assertTrue(e.getMessage().contains("compeft: density is the kept fraction, in [0, 1]; got 1.5."), e.getMessage());
    PlanException d = assertThrows(PlanException.class, () -> EditPlanner.plan(EditSpec.deltaCome(model.toString(),
        null, List.of(2, -1), List.of(8), null), null));
    assertTrue(d.getMessage().contains("bits has 1 widths but ranks has 2 groups"), d.getMessage());
    assertTrue(d.getMessage().contains("a group size is -1"), d.getMessage());
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

  private static List<String> strings(List<Path> paths) {
    return paths.stream().map(Path::toString).toList();
  }
}
