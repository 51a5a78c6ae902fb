package org.moelab.merge.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.TensorFiles;
import org.moelab.io.TensorSource;
import org.moelab.session.RunResult;

/**
 * The task-vector edits of checkpoints in the language: models saved with {@code save}, edited in
 * memory as dicts and, lazily, as checkpoints run by {@code save_merge}: the streamed result equals
 * the in-memory edit exactly; mismatched shapes are reported by {@code save_merge} before anything is
 * written; inputs must all be checkpoints.
 */
class EditLanguageTest {
  private static final String MODELS = """
      let m0 = {"l.weight": tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]), "l.bias": tensor([1.0, -1.0])}
      let m1 = {"l.weight": tensor([[-2.0, 0.25, 1.0], [3.0, 1.5, -0.5]]), "l.bias": tensor([0.5, 2.0])}
      let m2 = {"l.weight": tensor([[0.75, -1.25, 2.5], [1.0, 0.0, -3.0]]), "l.bias": tensor([-0.5, 0.25])}
      save(m0, "m0.safetensors")
      save(m1, "m1.safetensors")
      save(m2, "m2.safetensors")
      let c0 = checkpoint("m0.safetensors")
      let c1 = checkpoint("m1.safetensors")
      let c2 = checkpoint("m2.safetensors")
      """;

  @TempDir Path dir;
  private final List<String> printed = new ArrayList<>();

  private RunResult run(String program) {
    return PrintingSession.run(dir, program, printed);
  }

  /** {@code call} (inputs written X0, X1, X2) of the dicts m0, m1, m2 and, lazily, of the checkpoints c0, c1, c2. */
  private void assertStreamsTheInMemoryEdit(String method, String call) {
    String inMemory = call.replace("X0", "m0").replace("X1", "m1").replace("X2", "m2");
    String lazy = call.replace("X0", "c0").replace("X1", "c1").replace("X2", "c2");
    RunResult r = run(MODELS + "save(" + inMemory + ", \"in_memory.safetensors\")\n"
        + "let lazy = " + lazy + "\n"
        + "print(lazy.method)\n"
        + "print(save_merge(lazy, \"streamed\", out_dtype = \"f32\").tensors)\n");
    assertTrue(r.ok(), r.errorText());
    assertEquals(List.of(method, "2"), printed);
    assertSameTensors(dir.resolve("in_memory.safetensors"), dir.resolve("streamed"));
  }

  @Test
  void capeOfCheckpointsStreamsTheInMemoryEdit() {
    assertStreamsTheInMemoryEdit("cape", "cape(X0, X1, X2, alpha = 0.5)");
  }

  @Test
  void modelPatchOfCheckpointsStreamsTheInMemoryEdit() {
    assertStreamsTheInMemoryEdit("model_patch", "model_patch(X1, X0, X2, scale = 2.0)");
  }

  @Test
  void compeftOfCheckpointsStreamsTheInMemoryEdit() {
    assertStreamsTheInMemoryEdit("compeft", "compeft(X1, base = X0, density = 0.5, alpha = 2.0, scale = \"mean\")");
  }

  @Test
  void compeftWithoutBaseStreamsTheInMemoryEdit() {
    assertStreamsTheInMemoryEdit("compeft", "compeft(X1, density = 0.34)");
  }

  @Test
  void deltaComeOfCheckpointsStreamsTheInMemoryEdit() {
    assertStreamsTheInMemoryEdit("delta_come", "delta_come(X1, base = X0, ranks = [1, 1], bits = [8, 2])");
  }

  @Test
  void mismatchedShapesAreAPlanErrorAtSaveMerge() {
    RunResult r = run(MODELS + """
        save({"l.weight": tensor([[1.0, 2.0], [3.0, 4.0]]), "l.bias": tensor([1.0, 1.0])}, "small.safetensors")
        let lazy = cape(c0, checkpoint("small.safetensors"), c2)
        save_merge(lazy, "streamed")
        """);
    assertFalse(r.ok());
    assertEquals("E0601", r.diagnostics().get(0).code());
    String message = r.diagnostics().get(0).message();
    assertTrue(message.contains("tensor 'l.weight' is [2, 2] in expert " + dir.resolve("small.safetensors")
        + " but [2, 3] in base " + dir.resolve("m0.safetensors") + "; only tensors of equal shape can be edited, so "
        + "use checkpoints of the same architecture."), message);
    assertFalse(Files.exists(dir.resolve("streamed")));
  }

  @Test
  void everyInputMustBeACheckpointWhenTheFirstIs() {
    RunResult r = run(MODELS + "model_patch(c1, m0, c2)\n");
    assertFalse(r.ok());
    assertEquals("E0104", r.diagnostics().get(0).code());
    assertTrue(r.errorText().contains("source_base is a dict"), r.errorText());
    assertTrue(r.errorText().contains("Open source_base with checkpoint(path) too"), r.errorText());
  }

  private static void assertSameTensors(Path expected, Path got) {
    try (TensorSource want = TensorFiles.load(expected); TensorSource have = TensorFiles.load(got)) {
      assertEquals(want.names(), have.names());
      for (String name : want.names()) {
        assertEquals(want.info(name).shape(), have.info(name).shape(), name);
        assertArrayEquals(want.read(name).toFloatArray(), have.read(name).toFloatArray(), name);
      }
    }
  }
}
