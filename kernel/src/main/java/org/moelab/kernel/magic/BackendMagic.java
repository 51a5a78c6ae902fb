package org.moelab.kernel.magic;

import org.moelab.session.RunResult;

/** {@code %backend [djl|nd4j]}: shows or switches the session's backend. */
final class BackendMagic implements Magic {
  @Override
  public String name() {
    return "backend";
  }

  @Override
  public String usage() {
    return "%backend [djl|nd4j] — show the backend, or switch to another; bound tensors move along.";
  }

  @Override
  public RunResult run(String argument, MagicContext context) {
    if (!argument.isEmpty()) {
      switchTo(argument, context);
    }
    context.output().stdout("Backend: " + context.session().backendName() + "\n");
    return Magic.done();
  }

  private static void switchTo(String name, MagicContext context) {
    try {
      context.session().setBackend(name);
    } catch (RuntimeException e) {
      throw new MagicException(
          "%backend cannot switch to '" + name + "': " + e.getMessage()
              + " Use %backend djl or %backend nd4j.");
    }
  }
}
