package org.moelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.function.Function;
import org.moelab.backend.BackendException;
import org.moelab.session.Session;
import org.moelab.session.SessionOptions;
import org.moelab.session.Sessions;
import org.moelab.source.Source;

/** Opens a session for a file given on the command line and turns failures into exit codes. */
final class SessionRunner {
  private final PrintStream out;
  private final PrintStream err;

  SessionRunner(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Reads the file, opens a session and applies {@code body}; returns the exit code. */
  int withSession(CliOptions options, Function<SessionAndSource, Integer> body) {
    Source source;
    try {
      source = new Source(options.file().toString(), Files.readString(options.file(), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Main.usage(err, "Cannot read '" + options.file() + "': no such file.");
    } catch (IOException e) {
      return Main.usage(err, "Cannot read '" + options.file() + "': " + e.getMessage());
    }
    SessionOptions sessionOptions = SessionOptions.defaults().withBackend(options.backend()).withSeed(options.seed())
        .withWorkingDirectory(options.file().toAbsolutePath().getParent());
    try (Session session = Sessions.open(sessionOptions, new TerminalListener(out, err))) {
      return body.apply(new SessionAndSource(session, source));
    } catch (BackendException e) {
      err.println("moe: " + e.getMessage());
      if (options.debug()) {
        e.printStackTrace(err);
      }
      return 1;
    } catch (RuntimeException e) {
      err.println("moe: internal error: " + e + (options.debug() ? "" : " (run with --debug for the stack trace)"));
      if (options.debug()) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  /** A session and the source it works on. */
  record SessionAndSource(Session session, Source source) {}
}
