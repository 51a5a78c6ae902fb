package org.moelab.kernel.magic;

import java.util.Map;
import java.util.Optional;
import org.moelab.session.Display;
import org.moelab.session.Inspection;
import org.moelab.session.RunResult;

/**
 * {@code %help [NAME]}: opens the pager with the list of magics, or with the help for a magic, a
 * stdlib function or a bound name.
 */
final class HelpMagic implements Magic {
  @Override
  public String name() {
    return "help";
  }

  @Override
  public String usage() {
    return "%help [NAME] — page the magics, or help for a function, a bound name or a %magic.";
  }

  @Override
  public RunResult run(String argument, MagicContext context) {
    context.page(argument.isEmpty() ? magicList(context.magics()) : helpFor(argument, context));
    return Magic.done();
  }

  private static Display magicList(Magics magics) {
    StringBuilder out = new StringBuilder("MoE Lab kernel magics (at the top of a cell):\n");
    magics.all().forEach(m -> out.append("  ").append(m.usage()).append('\n'));
    return Display.text(out.toString());
  }

  private static Display helpFor(String name, MagicContext context) {
    if (name.startsWith("%")) {
      return Display.text(context.magics().get(name.replaceFirst("^%+", "")).usage());
    }
    Optional<Inspection> found = context.session().inspect(name, name.length());
    return found
        .map(i -> new Display(Map.of("text/plain", i.plain(), "text/markdown", i.markdown()), Optional.empty()))
        .orElseGet(() -> Display.text("No help for '" + name + "'. %vars lists the bound names."));
  }
}
