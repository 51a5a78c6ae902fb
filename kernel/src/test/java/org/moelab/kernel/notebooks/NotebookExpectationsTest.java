package org.moelab.kernel.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expectation checker on small hand-written notebooks: it must catch wrong or missing output. */
class NotebookExpectationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STREAM_3 = "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": [\"3\\n\"]}";
  private static final String RESULT_SHAPE = "{\"output_type\": \"execute_result\", \"execution_count\": 1, "
      + "\"metadata\": {}, \"data\": {\"text/plain\": [\"[4, \", \"256]\"], \"text/html\": \"<b>[4, 256]</b>\"}}";
  private static final String ERROR = "{\"output_type\": \"error\", \"ename\": \"CompileError\", "
      + "\"evalue\": \"inner dimensions 8 and 5 differ.\", \"traceback\": [\"<cell 1>:2:1: error[E0201]\", \"  ^~~\"]}";

  @Test
  void outputsThatMeetEveryExpectationPass() throws Exception {
    JsonNode nb = notebook("moe",
        cell(1, "{\"moe_expect\": [\"3\\n\", \"[4, 256]\", \"<b>\"], \"moe_expect_not\": [\"error\"]}", STREAM_3, RESULT_SHAPE),
        cell(2, "{\"tags\": [\"raises-exception\"], \"moe_expect\": [\"CompileError: inner dimensions\", \"^~~\"]}", ERROR));
    assertEquals(List.of(), NotebookExpectations.problemsAfterRun(nb));
  }

  @Test
  void aWrongValueFails() throws Exception {
    JsonNode nb = notebook("moe", cell(1, "{\"moe_expect\": [\"4\\n\"]}", STREAM_3));
    assertProblem(nb, "expected \"4\\n\" in its outputs");
  }

  @Test
  void aForbiddenValueFails() throws Exception {
    JsonNode nb = notebook("moe", cell(1, "{\"moe_expect\": [\"3\"], \"moe_expect_not\": [\"256\"]}", RESULT_SHAPE, STREAM_3));
    assertProblem(nb, "did not expect \"256\"");
  }

  @Test
  void anUnexpectedErrorAndAMissingExpectedErrorBothFail() throws Exception {
    assertProblem(notebook("moe", cell(1, "{\"moe_expect\": [\"CompileError\"]}", ERROR)),
        "ended in an error but is not tagged raises-exception");
    assertProblem(notebook("moe", cell(1, "{\"tags\": [\"raises-exception\"], \"moe_expect\": [\"3\"]}", STREAM_3)),
        "is tagged raises-exception but ran without an error");
  }

  @Test
  void aCellThatDidNotRunOrANotebookWithoutExpectationsFails() throws Exception {
    JsonNode unexecuted = JSON.readTree(notebookText("moe",
        "{\"cell_type\": \"code\", \"id\": \"c1\", \"execution_count\": null, \"metadata\": {\"moe_expect\": [\"3\"]}, "
            + "\"outputs\": [], \"source\": \"print(1 + 2)\"}"));
    assertProblem(unexecuted, "Code cell 1 (id c1) was not executed");
    assertProblem(notebook("moe", cell(1, "{}", STREAM_3)), "No code cell carries \"moe_expect\"");
  }

  @Test
  void malformedMetadataAndAnotherKernelFail() throws Exception {
    assertProblem(notebook("moe", cell(1, "{\"moe_expect\": \"3\"}", STREAM_3)), "must be a list of strings");
    assertProblem(notebook("python3", cell(1, "{\"moe_expect\": [\"3\"]}", STREAM_3)), "not \"moe\"");
  }

  @Test
  void aCommittedNotebookMustBeClean() throws Exception {
    assertProblem(notebook("moe", cell(1, "{}", STREAM_3)), true, "has outputs or an execution count");
    JsonNode clean = JSON.readTree(notebookText("moe",
        "{\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {}, \"outputs\": [], \"source\": \"1\"}"));
    assertEquals(List.of(), NotebookExpectations.problemsAsCommitted(clean));
  }

  private static void assertProblem(JsonNode nb, String fragment) {
    assertProblem(nb, false, fragment);
  }

  private static void assertProblem(JsonNode nb, boolean committed, String fragment) {
    List<String> problems = committed
        ? NotebookExpectations.problemsAsCommitted(nb) : NotebookExpectations.problemsAfterRun(nb);
    assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)),
        "expected a problem containing " + fragment + ", got " + problems);
  }

  private static String cell(int count, String metadata, String... outputs) {
    return "{\"cell_type\": \"code\", \"execution_count\": " + count + ", \"metadata\": " + metadata
        + ", \"outputs\": [" + String.join(", ", outputs) + "], \"source\": \"x\"}";
  }

  private static JsonNode notebook(String kernel, String... cells) throws Exception {
    return JSON.readTree(notebookText(kernel, cells));
  }

  private static String notebookText(String kernel, String... cells) {
    return "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {\"kernelspec\": {\"name\": \"" + kernel
        + "\"}}, \"cells\": [" + String.join(", ", cells) + "]}";
  }
}
