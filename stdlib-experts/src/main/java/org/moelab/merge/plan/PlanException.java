package org.moelab.merge.plan;

import java.util.List;

/** A merge plan with problems; every problem found is listed, each naming the place and the fix. */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  /** A plan that failed with {@code problems} (at least one). */
  public PlanException(List<String> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, one sentence each. */
  public List<String> problems() {
    return problems;
  }

  private static String render(List<String> problems) {
    StringBuilder sb = new StringBuilder("The merge cannot start: " + problems.size()
        + (problems.size() == 1 ? " problem" : " problems") + " found before reading any tensor data:");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }
}
