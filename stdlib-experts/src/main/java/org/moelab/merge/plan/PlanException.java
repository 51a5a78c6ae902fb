package org.moelab.merge.plan;

import java.util.List;

/**
 * A merge plan with problems; every problem found is listed, each naming the place (where the
 * config says so, as {@code file:line:col}) and the fix.
 */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<PlanProblem> problems;

  /** A plan that failed with {@code problems} (at least one). */
  public PlanException(List<PlanProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems as sentences, each led by {@code file:line:col: } when it has a position. */
  public List<String> problems() {
    return problems.stream().map(PlanProblem::toString).toList();
  }

  /** The problems with their codes and positions, in the order they were found. */
  public List<PlanProblem> planProblems() {
    return problems;
  }

  private static String render(List<PlanProblem> problems) {
    StringBuilder sb = new StringBuilder("The merge cannot start: " + problems.size()
        + (problems.size() == 1 ? " problem" : " problems") + " found before reading any tensor data:");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }
}
