package org.moelab.merge.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.moelab.diag.DiagnosticRenderer;
import org.moelab.merge.plan.PlanException;
import org.moelab.merge.plan.PlanProblem;
import org.moelab.source.Source;

/**
 * Prints the problems of a config the way MoE Lab prints every diagnostic:
 *
 * <pre>
 * merge.yml:1:15: error[E0703]: merge_method 'tie' is not supported; choose one of linear, ...
 *   merge_method: tie
 *                 ^~~
 * </pre>
 *
 * <p>Problems with a place come first, in file order; problems with the config as a whole follow
 * as {@code merge.yml: error[E0702]: message}.
 */
public final class ConfigReport {
  private ConfigReport() {}

  /**
   * The problems of {@code e}, rendered against the config {@code text}; {@code name} is the name
   * the config was parsed under ({@link MergekitYaml#parse}) and names problems without a place.
   */
  public static String render(PlanException e, String name, String text) {
    Source source = new Source(name, text);
    DiagnosticRenderer renderer = new DiagnosticRenderer(n -> n.equals(name) ? source : null);
    StringBuilder out = new StringBuilder();
    for (PlanProblem p : ordered(e.planProblems())) {
      if (p.positioned()) {
        out.append(renderer.render(p.toDiagnostic()));
      } else {
        out.append(p.file().orElse(name)).append(": error[").append(p.code()).append("]: ").append(p.message())
            .append('\n');
      }
    }
    return out.toString();
  }

  private static List<PlanProblem> ordered(List<PlanProblem> problems) {
    List<PlanProblem> placed = new ArrayList<>(problems.stream().filter(PlanProblem::positioned).toList());
    placed.sort(Comparator.comparingInt((PlanProblem p) -> p.at().line()).thenComparingInt(p -> p.at().column()));
    List<PlanProblem> out = new ArrayList<>(placed);
    problems.stream().filter(p -> !p.positioned()).forEach(out::add);
    return out;
  }
}
