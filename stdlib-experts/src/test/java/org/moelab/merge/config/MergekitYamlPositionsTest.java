package org.moelab.merge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.plan.MergeSpec;
import org.moelab.merge.plan.ParamSetting;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.PlanProblem;
import org.moelab.merge.plan.SliceSource;
import org.moelab.source.SourceSpan;

/** Problems in a mergekit config point at the key or value at fault: file:line:col, the line and a caret. */
class MergekitYamlPositionsTest {
  private static final String FILE = "m.yml";

  private static PlanException refused(String yaml) {
    return assertThrows(PlanException.class, () -> MergekitYaml.parse(yaml, FILE));
  }

  private static String report(String yaml) {
    return ConfigReport.render(refused(yaml), FILE, yaml);
  }

  /** line, column, end line, end column of {@code span}. */
  private static List<Integer> place(SourceSpan span) {
    return List.of(span.line(), span.column(), span.endLine(), span.endColumn());
  }

  @Test
  void anUnknownMethodIsReportedAtItsValueWithTheChoices() {
    String yaml = "merge_method: tie\nmodels:\n  - model: a\n";
    PlanProblem p = refused(yaml).planProblems().get(0);
    assertEquals(PlanProblem.NAME, p.code());
    assertEquals(List.of(1, 15, 1, 18), place(p.at()));
    assertEquals("m.yml:1:15: error[E0703]: merge_method 'tie' is not supported; choose one of "
        + MergeMethod.names() + ". Did you mean 'ties'?\n"
        + "  merge_method: tie\n"
        + "                ^~~\n", report(yaml));
  }

  @Test
  void twoErrorsInOneFileAreEachReportedAtTheirOwnPlace() {
    String yaml = """
        merge_method: ties
        base_model: b
        models:
          - model: a
            paramters: {weight: 1}
          - model: c
            parameters:
              weight: [0.1, abc, 0.3]
        """;
    PlanException e = refused(yaml);
    assertEquals(2, e.planProblems().size(), e.getMessage());
    assertEquals(List.of(5, 5, 5, 14), place(e.planProblems().get(0).at()));
    assertEquals(List.of(8, 21, 8, 24), place(e.planProblems().get(1).at()));
    assertEquals("""
        m.yml:5:5: error[E0703]: unknown key 'paramters' in a model entry; the keys are model, parameters. \
        Did you mean 'parameters'?
              paramters: {weight: 1}
              ^~~~~~~~~
        m.yml:8:21: error[E0702]: the gradient of weight has 'abc', not a number; a gradient is a list of \
        numbers such as [0.2, 0.8], spread over the layers.
                weight: [0.1, abc, 0.3]
                              ^~~
        """, ConfigReport.render(e, FILE, yaml));
    assertEquals("m.yml:5:5: unknown key 'paramters' in a model entry; the keys are model, parameters. "
        + "Did you mean 'parameters'?", e.problems().get(0));
  }

  @Test
  void aBadLayerRangeIsReportedAtTheRangeAndAMissingOneAtTheSource() {
    String yaml = """
        merge_method: passthrough
        slices:
          - sources:
              - model: a
                layer_range: [0, x]
          - sources:
              - model: b
        """;
    List<PlanProblem> problems = refused(yaml).planProblems();
    assertEquals(2, problems.size());
    assertEquals(PlanProblem.STRUCTURE, problems.get(0).code());
    assertEquals("slice 1: layer_range must be [first, end] (end exclusive), got [0, x].", problems.get(0).message());
    assertEquals(List.of(5, 22, 5, 28), place(problems.get(0).at()));
    assertEquals("slice 2: layer_range must be [first, end] (end exclusive), got nothing.", problems.get(1).message());
    assertEquals(List.of(7, 9), place(problems.get(1).at()).subList(0, 2));
  }

  @Test
  void aSyntaxErrorIsAProblemAtItsPlaceNotAStackTrace() {
    String yaml = "merge_method: linear\nmodels:\n  - model: a: b\n";
    PlanProblem p = refused(yaml).planProblems().get(0);
    assertEquals(PlanProblem.SYNTAX, p.code());
    assertEquals("m.yml:3:13: error[E0701]: the config is not valid YAML: mapping values are not allowed here; "
        + "put each 'key: value' on its own line, and quote a value that contains ': '.\n"
        + "    - model: a: b\n"
        + "              ^\n", report(yaml));
  }

  @Test
  void anUnclosedBracketIsReportedWhereItOpens() {
    String yaml = "merge_method: linear\nmodels:\n  - model: a\n    parameters: {weight: 1.0\n";
    PlanProblem p = refused(yaml).planProblems().get(0);
    assertEquals(PlanProblem.SYNTAX, p.code());
    assertEquals(List.of(4, 17), place(p.at()).subList(0, 2));
    assertEquals("the config is not valid YAML: expected ',' or '}', but got <stream end> (while parsing a flow "
        + "mapping that began here); close the quote or bracket opened here.", p.message());
  }

  @Test
  void aTabIsReportedWithTheFix() {
    PlanProblem p = refused("merge_method: linear\nmodels:\n\t- model: a\n").planProblems().get(0);
    assertEquals(List.of(3, 1), place(p.at()).subList(0, 2));
    assertEquals(true, p.message().endsWith("indent with spaces; YAML does not allow tabs."), p.message());
  }

  @Test
  void aMissingKeyNamesTheFileAsAWhole() {
    String yaml = "models:\n  - model: a\n";
    PlanProblem p = refused(yaml).planProblems().get(0);
    assertFalse(p.positioned());
    assertEquals("m.yml: merge_method is missing; choose one of " + MergeMethod.names() + ".", p.toString());
    assertEquals("m.yml: error[E0702]: merge_method is missing; choose one of " + MergeMethod.names() + ".\n",
        report(yaml));
  }

  @Test
  void valuesOfTheWrongKindArePointedAt() {
    String yaml = """
        merge_method: linear
        parameters: 3
        models:
          - a
          - model: b
            parameters:
              weight:
                - filter: mlp
                  valeu: 1
        """;
    List<PlanProblem> problems = refused(yaml).planProblems();
    assertEquals(List.of("4:5 each entry of models must be a mapping, got 'a'; write 'model: PATH'.",
        "9:11 unknown key 'valeu' in a {filter, value} entry of weight; the keys are filter, value. "
            + "Did you mean 'value'?",
        "8:11 this {filter, value} entry of weight has no 'value'; add 'value: NUMBER'.",
        "2:13 the parameters of the merge must be a mapping of name: value, got '3'."),
        problems.stream().map(p -> p.at().line() + ":" + p.at().column() + " " + p.message()).toList());
  }

  @Test
  void everyValueReadKeepsItsPlace() {
    MergeSpec spec = MergekitYaml.parse("""
        merge_method: ties
        base_model: base
        models:
          - model: a
            parameters:
              density: 0.5
              weight: [0.2, 0.8]
        parameters:
          lambda:
            - filter: mlp
              value: 2
        dtype: bfloat16
        """, FILE);
    assertEquals(List.of(1, 15, 1, 19), place(spec.spans().method()));
    assertEquals(List.of(2, 13, 2, 17), place(spec.spans().baseModel()));
    assertEquals(List.of(3, 1, 3, 7), place(spec.spans().models()));
    assertEquals(List.of(12, 8, 12, 16), place(spec.spans().dtype()));
    assertEquals(List.of(4, 12, 4, 13), place(spec.models().get(0).at()));
    ParamSetting density = spec.models().get(0).parameters().get("density");
    assertEquals(List.of(6, 16, 6, 19), place(density.at()));
    assertEquals(List.of(6, 7, 6, 14), place(density.nameAt()));
    assertEquals(List.of(7, 15, 7, 25), place(spec.models().get(0).parameters().get("weight").at()));
    ParamSetting rule = spec.parameters().get("lambda").select("model.layers.0.mlp.up_proj.weight");
    assertEquals(List.of(11, 14, 11, 15), place(rule.at()));
    assertEquals(null, spec.parameters().get("lambda").select("model.norm.weight"));
  }

  @Test
  void sliceSourcesKeepTheirModelAndRangePlaces() {
    MergeSpec spec = MergekitYaml.parse("""
        merge_method: passthrough
        slices:
          - sources:
              - model: a
                layer_range: [0, 2]
        """, FILE);
    SliceSource s = spec.slices().get(0).get(0);
    assertEquals(List.of(4, 16, 4, 17), place(s.at()));
    assertEquals(List.of(5, 22, 5, 28), place(s.rangeAt()));
    assertEquals(List.of(3, 5, 3, 12), place(spec.spans().sliceSources(0)));
  }
}
