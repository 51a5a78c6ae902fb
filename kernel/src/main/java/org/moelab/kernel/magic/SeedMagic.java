package org.moelab.kernel.magic;

import org.moelab.session.RunResult;

/** {@code %seed N}: resets the session's base seed for random ops given no seed. */
final class SeedMagic implements Magic {
  @Override
  public String name() {
    return "seed";
  }

  @Override
  public String usage() {
    return "%seed N — reset the base seed of random ops that are given no seed.";
  }

  @Override
  public RunResult run(String argument, MagicContext context) {
    context.session().setSeed(parse(argument));
    context.output().stdout("Seed: " + argument + "\n");
    return Magic.done();
  }

  private static long parse(String argument) {
    try {
      return Long.parseLong(argument);
    } catch (NumberFormatException e) {
      throw new MagicException("%seed needs an integer, as in %seed 42; got '" + argument + "'.");
    }
  }
}
