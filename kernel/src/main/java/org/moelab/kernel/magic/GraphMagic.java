package org.moelab.kernel.magic;

import org.moelab.session.Display;
import org.moelab.session.RunResult;

/** {@code %graph NAME}: shows the IR graph of a bound tensor. */
final class GraphMagic implements Magic {
  @Override
  public String name() {
    return "graph";
  }

  @Override
  public String usage() {
    return "%graph NAME — show the IR graph that computes the tensor bound to NAME.";
  }

  @Override
  public RunResult run(String argument, MagicContext context) {
    if (argument.isEmpty()) {
      throw new MagicException("%graph needs a name, as in %graph y.");
    }
    Display graph = context.session().graph(argument).orElseThrow(() -> new MagicException(
        "%graph: '" + argument + "' is not a bound tensor. %vars lists the bound names."));
    context.output().display(graph, false);
    return Magic.done();
  }
}
