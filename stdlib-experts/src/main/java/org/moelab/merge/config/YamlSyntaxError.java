package org.moelab.merge.config;

import java.util.Locale;
import org.moelab.merge.plan.PlanProblem;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns SnakeYAML's syntax errors into a problem at the place it found them, with the construct it
 * was reading and a likely fix. When the file ends inside a construct (an unclosed bracket or
 * quote), the place is where that construct began, not the end of the file.
 */
final class YamlSyntaxError {
  private YamlSyntaxError() {}

  /** The problem for {@code e} in the file {@code file}. */
  static PlanProblem problem(MarkedYAMLException e, String file) {
    String what = what(e);
    boolean atEnd = what.contains("<stream end>") || what.contains("end of stream");
    Mark mark = atEnd && e.getContextMark() != null || e.getProblemMark() == null ? e.getContextMark()
        : e.getProblemMark();
    String message = "the config is not valid YAML: " + what + context(e, atEnd) + "; " + fix(what);
    if (mark == null) {
      return PlanProblem.inFile(PlanProblem.SYNTAX, message, file);
    }
    return new PlanProblem(PlanProblem.SYNTAX, message, YamlDocument.span(file, mark, mark));
  }

  private static String what(MarkedYAMLException e) {
    String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
    return problem.lines().findFirst().orElse(problem).strip();
  }

  /** "(while parsing a block mapping that began at line 2, column 3)", or "... that began here". */
  private static String context(MarkedYAMLException e, boolean atEnd) {
    Mark at = e.getContextMark();
    if (e.getContext() == null || at == null) {
      return "";
    }
    String where = atEnd ? "here" : "at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1);
    return " (" + e.getContext() + " that began " + where + ")";
  }

  private static String fix(String problem) {
    String p = problem.toLowerCase(Locale.ROOT);
    if (p.contains("\\t") || p.contains("tab")) {
      return "indent with spaces; YAML does not allow tabs.";
    }
    if (p.contains("mapping values are not allowed")) {
      return "put each 'key: value' on its own line, and quote a value that contains ': '.";
    }
    if (p.contains("<stream end>") || p.contains("end of stream")) {
      return "close the quote or bracket opened here.";
    }
    if (p.contains("alias") || p.contains("anchor")) {
      return "define each anchor (&name) once, before its aliases (*name).";
    }
    return "check the indentation here: entries of one mapping or list line up in the same column.";
  }
}
