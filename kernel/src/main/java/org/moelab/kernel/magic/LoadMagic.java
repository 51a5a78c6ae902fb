package org.moelab.kernel.magic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.moelab.session.RunResult;
import org.moelab.source.Source;

/** {@code %load FILE.moe}: runs a source file in the session, so its definitions are bound. */
final class LoadMagic implements Magic {
  @Override
  public String name() {
    return "load";
  }

  @Override
  public String usage() {
    return "%load FILE.moe — run a .moe file in this session; its names stay bound.";
  }

  @Override
  public RunResult run(String argument, MagicContext context) {
    if (argument.isEmpty()) {
      throw new MagicException("%load needs a file, as in %load model.moe.");
    }
    Path file = context.workingDirectory().resolve(argument).normalize();
    return context.run(new Source(argument, read(file, argument, context.workingDirectory())));
  }

  private static String read(Path file, String argument, Path workingDirectory) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new MagicException(
          "%load cannot find '" + argument + "' (looked at " + file + "). Give a path relative to "
              + workingDirectory + " or an absolute path.");
    } catch (IOException e) {
      throw new MagicException("%load cannot read '" + file + "': " + e.getMessage() + ".");
    }
  }
}
