package org.moelab.kernel.magic;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.moelab.session.Display;
import org.moelab.session.RunResult;
import org.moelab.session.VariableInfo;

/** {@code %vars}: a table of the names bound so far, with their types and values. */
final class VarsMagic implements Magic {
  @Override
  public String name() {
    return "vars";
  }

  @Override
  public String usage() {
    return "%vars — list the names bound in this session with their types and a summary.";
  }

  @Override
  public RunResult run(String argument, MagicContext context) {
    List<VariableInfo> vars = context.session().variables();
    if (vars.isEmpty()) {
      context.output().stdout("No names are bound yet.\n");
      return Magic.done();
    }
    context.output().display(table(vars), false);
    return Magic.done();
  }

  static Display table(List<VariableInfo> vars) {
    return new Display(Map.of("text/plain", plain(vars), "text/html", html(vars)), Optional.empty());
  }

  private static String plain(List<VariableInfo> vars) {
    int nameWidth = Math.max(4, vars.stream().mapToInt(v -> v.name().length()).max().orElse(0));
    int typeWidth = Math.max(4, vars.stream().mapToInt(v -> v.type().length()).max().orElse(0));
    String format = "%-" + nameWidth + "s  %-" + typeWidth + "s  %s";
    StringBuilder out = new StringBuilder(String.format(format, "name", "type", "value").stripTrailing());
    for (VariableInfo v : vars) {
      out.append('\n').append(String.format(format, v.name(), v.type(), v.summary()).stripTrailing());
    }
    return out.toString();
  }

  private static String html(List<VariableInfo> vars) {
    StringBuilder out = new StringBuilder("<table><thead><tr><th>name</th><th>type</th><th>value</th></tr></thead><tbody>");
    for (VariableInfo v : vars) {
      out.append("<tr><td><code>").append(escape(v.name())).append("</code></td><td><code>")
          .append(escape(v.type())).append("</code></td><td>").append(escape(v.summary()))
          .append("</td></tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
