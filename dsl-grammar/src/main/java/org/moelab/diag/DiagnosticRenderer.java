package org.moelab.diag;

import java.util.function.Function;
import org.moelab.source.Source;

/**
 * Prints a diagnostic the one way MoE Lab prints them, for the command line and the kernel alike:
 *
 * <pre>
 * model.moe:3:9: error[E0201]: Unknown name 'sofmax'.
 *   let p = sofmax(x)
 *           ^~~~~~
 * help: did you mean 'softmax'?
 * </pre>
 */
public final class DiagnosticRenderer {
  private final Function<String, Source> sources;

  /**
   * @param sources finds the source text for a span's {@code sourceName}; may return null, in
   *     which case only the header and help lines are printed
   */
  public DiagnosticRenderer(Function<String, Source> sources) {
    this.sources = sources;
  }

  /** Renders one diagnostic as lines of plain text (no ANSI colour), ending with a newline. */
  public String render(Diagnostic d) {
    StringBuilder out = new StringBuilder();
    var span = d.span();
    out.append(span.sourceName()).append(':').append(span.line()).append(':').append(span.column())
        .append(": ").append(d.severity().label()).append('[').append(d.code()).append("]: ")
        .append(d.message()).append('\n');
    Source source = sources.apply(span.sourceName());
    if (source != null) {
      String line = source.line(span.line());
      out.append("  ").append(line).append('\n');
      out.append("  ").append(caret(line, span.column(), caretWidth(span, line))).append('\n');
    }
    d.help().ifPresent(h -> out.append("help: ").append(h).append('\n'));
    return out.toString();
  }

  private static int caretWidth(org.moelab.source.SourceSpan span, String line) {
    int lastColumnOnLine = line.length() + 1;
    int endColumn = span.endLine() == span.line() ? span.endColumn() : lastColumnOnLine;
    return Math.max(1, endColumn - span.column());
  }

  private static String caret(String line, int column, int width) {
    StringBuilder pad = new StringBuilder();
    for (int i = 0; i < column - 1 && i < line.length(); i++) {
      pad.append(line.charAt(i) == '\t' ? '\t' : ' ');
    }
    for (int i = line.length(); i < column - 1; i++) {
      pad.append(' ');
    }
    return pad + "^" + "~".repeat(width - 1);
  }
}
