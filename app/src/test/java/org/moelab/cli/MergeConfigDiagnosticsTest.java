package org.moelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.moelab.cli.CliOutcome.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moelab.io.SafetensorsWriter;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * {@code moe merge} and {@code moe import} print problems in a mergekit config as diagnostics:
 * {@code file:line:col: error[E07xx]: message}, the config line and a caret, and exit 2.
 */
class MergeConfigDiagnosticsTest {
  @TempDir Path dir;

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("config.yml"), yaml);
  }

  private static void assertNoStackTrace(CliOutcome o) {
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    assertFalse(o.err().contains("Exception"), "no exception name: " + o.err());
  }

  @Test
  void twoConfigErrorsArePrintedWithTheirLinesAndCarets() throws Exception {
    Path config = config("""
        merge_method: linear
        models:
          - model: a
            parameters: {weight: [0.5, high]}
        model: b
        """);
    Path target = dir.resolve("merged");
    CliOutcome o = run("merge", config.toString(), target.toString());
    assertEquals(2, o.exit(), o.err());
    assertEquals(config + ":4:32: error[E0702]: the gradient of weight has 'high', not a number; a gradient is a "
        + "list of numbers such as [0.2, 0.8], spread over the layers.\n"
        + "      parameters: {weight: [0.5, high]}\n"
        + "                                 ^~~~\n"
        + config + ":5:1: error[E0703]: unknown key 'model'; mergekit configs use merge_method, base_model, models, "
        + "slices, parameters, dtype, out_dtype, tokenizer_source, chat_template, name. Did you mean 'models'?\n"
        + "  model: b\n"
        + "  ^~~~~\n"
        + "moe merge: the merge cannot start: 2 problems found before reading any tensor data; nothing was written.\n",
        o.err());
    assertNoStackTrace(o);
    assertFalse(Files.exists(target), "nothing written");
  }

  @Test
  void aModelThatDoesNotExistIsShownInTheConfig() throws Exception {
    write("a", 1f);
    Path config = config("merge_method: linear\nmodels:\n  - model: a\n  - model: nowhere\n");
    CliOutcome o = run("merge", config.toString(), dir.resolve("merged").toString());
    assertEquals(2, o.exit(), o.err());
    String[] lines = o.err().split("\n");
    assertTrue(lines[0].startsWith(config + ":4:12: error[E0705]: cannot open model nowhere: "), o.err());
    assertEquals("    - model: nowhere", lines[1]);
    assertEquals("             ^~~~~~~", lines[2]);
    assertNoStackTrace(o);
  }

  @Test
  void aYamlSyntaxErrorIsADiagnosticForImportToo() throws Exception {
    Path config = config("merge_method: linear\nmodels:\n  - model: a: b\n");
    CliOutcome o = run("import", config.toString());
    assertEquals(2, o.exit(), o.err());
    assertEquals("", o.out());
    assertEquals(config + ":3:13: error[E0701]: the config is not valid YAML: mapping values are not allowed here; "
        + "put each 'key: value' on its own line, and quote a value that contains ': '.\n"
        + "    - model: a: b\n"
        + "              ^\n"
        + "moe import: 1 problem in " + config + "; nothing was printed.\n", o.err());
    assertNoStackTrace(o);
  }

  @Test
  void aProblemWithTheWholeConfigNamesTheFile() throws Exception {
    Path config = config("models:\n  - model: a\n");
    CliOutcome o = run("import", config.toString());
    assertEquals(2, o.exit(), o.err());
    assertTrue(o.err().startsWith(config + ": error[E0702]: merge_method is missing; choose one of linear"), o.err());
    assertNoStackTrace(o);
  }

  private void write(String name, float value) throws Exception {
    Path model = Files.createDirectories(dir.resolve(name));
    float[] v = new float[6];
    java.util.Arrays.fill(v, value);
    SafetensorsWriter.write(model.resolve("model.safetensors"), Map.of("w", HostTensor.ofFloats(Shape.of(2, 3), v)));
  }
}
