package org.moelab.kernel.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a notebook against the expectations its code cells carry in their metadata:
 *
 * <ul>
 *   <li>{@code "moe_expect": ["...", ...]}: substrings the cell's outputs must contain;
 *   <li>{@code "moe_expect_not": ["...", ...]}: substrings they must not contain;
 *   <li>the tag {@code raises-exception} (Jupyter's own): the cell must end in an error; every
 *       other cell must not.
 * </ul>
 *
 * <p>A cell's outputs are read as one text: stream text, every textual MIME type of results and
 * displays ({@code text/*}, {@code image/svg+xml}), and errors as {@code ename: evalue} plus the
 * traceback. An executed notebook must also have run every code cell and carry at least one
 * expectation; a committed notebook must be clean (no outputs, no execution counts) and ask for
 * the {@code moe} kernel.
 */
final class NotebookExpectations {
  static final String EXPECT = "moe_expect";
  static final String EXPECT_NOT = "moe_expect_not";
  static final String RAISES = "raises-exception";

  private NotebookExpectations() {}

  /** Every way an executed notebook falls short of its expectations; empty when it meets them. */
  static List<String> problemsAfterRun(JsonNode notebook) {
    List<String> problems = new ArrayList<>(kernelProblems(notebook));
    int expectations = 0;
    List<JsonNode> cells = codeCells(notebook);
    for (int i = 0; i < cells.size(); i++) {
      JsonNode cell = cells.get(i);
      String name = cellName(i, cell);
      if (cell.path("execution_count").isNull() || cell.path("execution_count").isMissingNode()) {
        problems.add(name + " was not executed.");
        continue;
      }
      expectations += cell.path("metadata").path(EXPECT).size();
      problems.addAll(cellProblems(name, cell));
    }
    if (expectations == 0) {
      problems.add("No code cell carries \"" + EXPECT + "\" metadata, so nothing about the outputs is checked.");
    }
    return problems;
  }

  /** Every way a notebook as committed is not clean or not meant for the moe kernel. */
  static List<String> problemsAsCommitted(JsonNode notebook) {
    List<String> problems = new ArrayList<>(kernelProblems(notebook));
    List<JsonNode> cells = codeCells(notebook);
    for (int i = 0; i < cells.size(); i++) {
      JsonNode cell = cells.get(i);
      if (cell.path("outputs").size() > 0 || !cell.path("execution_count").isNull()) {
        problems.add(cellName(i, cell) + " has outputs or an execution count; commit notebooks cleared "
            + "(Cell > All Output > Clear, or jupyter nbconvert --clear-output --inplace).");
      }
    }
    return problems;
  }

  private static List<String> cellProblems(String name, JsonNode cell) {
    List<String> problems = new ArrayList<>();
    String text = outputText(cell);
    boolean failed = hasError(cell);
    boolean mayFail = tags(cell).contains(RAISES);
    if (mayFail && !failed) {
      problems.add(name + " is tagged " + RAISES + " but ran without an error.");
    }
    if (!mayFail && failed) {
      problems.add(name + " ended in an error but is not tagged " + RAISES + ":\n" + text);
    }
    for (String wanted : strings(cell, EXPECT, name, problems)) {
      if (!text.contains(wanted)) {
        problems.add(name + ": expected " + quote(wanted) + " in its outputs, which were:\n" + text);
      }
    }
    for (String unwanted : strings(cell, EXPECT_NOT, name, problems)) {
      if (text.contains(unwanted)) {
        problems.add(name + ": did not expect " + quote(unwanted) + " in its outputs, which were:\n" + text);
      }
    }
    return problems;
  }

  /** The outputs of a code cell as one text. */
  static String outputText(JsonNode cell) {
    StringBuilder text = new StringBuilder();
    for (JsonNode output : cell.path("outputs")) {
      String type = output.path("output_type").asText();
      if (type.equals("stream")) {
        text.append(joined(output.path("text")));
      } else if (type.equals("error")) {
        text.append(output.path("ename").asText()).append(": ").append(output.path("evalue").asText()).append('\n');
        output.path("traceback").forEach(line -> text.append(line.asText()).append('\n'));
      } else {
        for (var entry : output.path("data").properties()) {
          if (entry.getKey().startsWith("text/") || entry.getKey().equals("image/svg+xml")) {
            text.append(joined(entry.getValue())).append('\n');
          }
        }
      }
    }
    return text.toString();
  }

  private static boolean hasError(JsonNode cell) {
    for (JsonNode output : cell.path("outputs")) {
      if (output.path("output_type").asText().equals("error")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> kernelProblems(JsonNode notebook) {
    String kernel = notebook.path("metadata").path("kernelspec").path("name").asText();
    if (kernel.equals(JupyterSandbox.KERNEL_NAME)) {
      return List.of();
    }
    return List.of("The notebook's metadata.kernelspec.name is " + quote(kernel) + ", not \""
        + JupyterSandbox.KERNEL_NAME + "\".");
  }

  private static List<JsonNode> codeCells(JsonNode notebook) {
    List<JsonNode> cells = new ArrayList<>();
    for (JsonNode cell : notebook.path("cells")) {
      if (cell.path("cell_type").asText().equals("code")) {
        cells.add(cell);
      }
    }
    return cells;
  }

  private static List<String> tags(JsonNode cell) {
    List<String> tags = new ArrayList<>();
    cell.path("metadata").path("tags").forEach(tag -> tags.add(tag.asText()));
    return tags;
  }

  /** The metadata list {@code key} of a cell; a value that is not a list of strings is a problem. */
  private static List<String> strings(JsonNode cell, String key, String name, List<String> problems) {
    JsonNode node = cell.path("metadata").path(key);
    List<String> values = new ArrayList<>();
    if (node.isMissingNode()) {
      return values;
    }
    if (!node.isArray()) {
      problems.add(name + ": metadata " + key + " must be a list of strings, got " + node + ".");
      return values;
    }
    for (JsonNode value : node) {
      if (value.isTextual()) {
        values.add(value.asText());
      } else {
        problems.add(name + ": metadata " + key + " holds " + value + ", not a string.");
      }
    }
    return values;
  }

  /** nbformat stores multi-line text as a string or a list of lines. */
  private static String joined(JsonNode text) {
    if (!text.isArray()) {
      return text.asText();
    }
    StringBuilder joined = new StringBuilder();
    text.forEach(line -> joined.append(line.asText()));
    return joined.toString();
  }

  private static String cellName(int index, JsonNode cell) {
    String id = cell.path("id").asText("");
    return "Code cell " + (index + 1) + (id.isEmpty() ? "" : " (id " + id + ")");
  }

  private static String quote(String s) {
    return '"' + s.replace("\n", "\\n") + '"';
  }
}
