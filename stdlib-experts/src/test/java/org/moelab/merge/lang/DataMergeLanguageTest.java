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
 * The round trip a user makes in the language: statistics computed in memory ({@code
 * fisher_from_grads}, {@code regmean_gram}) and saved with {@code save}, models saved too, then
 * {@code fisher_merge} / {@code regmean} of the checkpoints run by {@code save_merge}: the
 * streamed result equals the in-memory merge of the same dicts exactly; a wrong Gram is reported by
 * {@code save_merge} before anything is written.
 */
class DataMergeLanguageTest {
  private static final String MODELS = """
      let m0 = {"l.weight": tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]), "l.bias": tensor([1.0, -1.0])}
      let m1 = {"l.weight": tensor([[-2.0, 0.25, 1.0], [3.0, 1.5, -0.5]]), "l.bias": tensor([0.5, 2.0])}
      save(m0, "m0.safetensors")
      save(m1, "m1.safetensors")
      let models = [checkpoint("m0.safetensors"), checkpoint("m1.safetensors")]
      """;

  @TempDir Path dir;
  private final List<String> printed = new ArrayList<>();

  private RunResult run(String program) {
    return PrintingSession.run(dir, program, printed);
  }

  @Test
  void fisherOfSavedStatisticsStreamsTheInMemoryMerge() {
    RunResult r = run(MODELS + """
        let f0 = fisher_from_grads([{"l.weight": tensor([[1.0, 0.0, 2.0], [0.5, 1.0, 0.0]]), "l.bias": tensor([1.0, 0.0])},
                                    {"l.weight": tensor([[0.0, 1.0, 1.0], [1.5, 0.0, 0.0]]), "l.bias": tensor([2.0, 0.0])}])
        let f1 = fisher_from_grads([{"l.weight": tensor([[3.0, 1.0, 0.0], [0.0, 2.0, 1.0]]), "l.bias": tensor([0.0, 0.0])}])
        save(f0, "f0.safetensors")
        save(f1, "f1.safetensors")
        save(fisher_merge([m0, m1], [f0, f1], weights = [1.0, 3.0]), "in_memory.safetensors")
        let lazy = fisher_merge(models, [checkpoint("f0.safetensors"), checkpoint("f1.safetensors")], weights = [1.0, 3.0])
        print(lazy.method)
        print(save_merge(lazy, "streamed", out_dtype = "f32").tensors)
        """);
    assertTrue(r.ok(), r.errorText());
    assertEquals(List.of("fisher_merge", "2"), printed);
    assertSameTensors(dir.resolve("in_memory.safetensors"), dir.resolve("streamed"));
  }

  @Test
  void regmeanOfSavedGramsStreamsTheInMemoryMerge() {
    RunResult r = run(MODELS + """
        let g0 = {"l.weight": regmean_gram(tensor([[1.0, 0.0, 2.0], [0.5, 1.0, 0.0], [0.0, 1.0, 1.0], [2.0, 1.0, 1.0]]))}
        let g1 = {"l.weight": regmean_gram(tensor([[3.0, 1.0, 0.0], [0.0, 2.0, 1.0], [1.0, 1.0, 1.0]]))}
        save(g0, "g0.safetensors")
        save(g1, "g1.safetensors")
        save(regmean([m0, m1], [g0, g1], alpha = 0.9), "in_memory.safetensors")
        let lazy = regmean(models, [checkpoint("g0.safetensors"), checkpoint("g1.safetensors")], alpha = 0.9)
        print(lazy.method)
        print(save_merge(lazy, "streamed").tensors)
        """);
    assertTrue(r.ok(), r.errorText());
    assertEquals(List.of("regmean", "2"), printed);
    assertSameTensors(dir.resolve("in_memory.safetensors"), dir.resolve("streamed"));
  }

  @Test
  void aWrongGramIsAPlanErrorAtSaveMerge() {
    RunResult r = run(MODELS + """
        save({"l.weight": regmean_gram(tensor([[1.0, 2.0], [3.0, 4.0]]))}, "bad.safetensors")
        save({"l.weight": regmean_gram(tensor([[1.0, 2.0, 3.0], [3.0, 4.0, 5.0], [0.0, 1.0, 1.0]]))}, "good.safetensors")
        let lazy = regmean(models, [checkpoint("bad.safetensors"), checkpoint("good.safetensors")])
        save_merge(lazy, "streamed")
        """);
    assertFalse(r.ok());
    assertEquals("E0601", r.diagnostics().get(0).code());
    String message = r.diagnostics().get(0).message();
    assertTrue(message.contains("Gram 'l.weight' in " + dir.resolve("bad.safetensors") + " is [2, 2], but it must be "
        + "[3, 3], [in, in] for the weight 'l.weight' [2, 3] [out, in]; compute it with regmean_gram on that layer's "
        + "inputs X [..., 3]."), message);
    assertFalse(Files.exists(dir.resolve("streamed")));
  }

  @Test
  void inMemoryGramsAreKeyedByTheCheckpointRules() {
    // Dict 1 keys its Gram by the layer, not the weight; dict 2 has a Gram for the bias that dict 1
    // lacks: both are reported at once, and nothing is averaged in silence.
    RunResult r = run(MODELS + """
        let g = regmean_gram(tensor([[1.0, 0.0, 2.0], [0.5, 1.0, 0.0]]))
        regmean([m0, m1], [{"l": g}, {"l.weight": g, "l.bias": tensor([[1.0, 0.0], [0.0, 1.0]])}])
        """);
    assertFalse(r.ok());
    assertEquals("E0601", r.diagnostics().get(0).code());
    assertEquals("regmean cannot start: 3 problems with the Grams:\n"
        + "  - Gram dict 1 has a Gram 'l', which is no tensor of the models (did you mean 'l.weight'?); key each Gram "
        + "by the name of the weight it belongs to.\n"
        + "  - Gram dict 1 has no Gram for 'l.weight', which dict 2 has; give every model's Gram for a weight "
        + "(regmean_gram of that layer's inputs), or none (then it is averaged).\n"
        + "  - Gram dict 1 has no Gram for 'l.bias', which dict 2 has; give every model's Gram for a weight "
        + "(regmean_gram of that layer's inputs), or none (then it is averaged).", r.diagnostics().get(0).message());
  }

  @Test
  void statisticsMustBeCheckpointsWhenTheModelsAre() {
    RunResult r = run(MODELS + """
        let f = {"l.weight": tensor([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]), "l.bias": tensor([1.0, 1.0])}
        fisher_merge(models, [f, f])
        """);
    assertFalse(r.ok());
    assertEquals("E0104", r.diagnostics().get(0).code());
    assertTrue(r.errorText().contains("save(dict, \"fishers_0.safetensors\")"), r.errorText());
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
