package org.moelab.merge.lang;

import java.nio.file.Path;
import java.util.List;
import org.moelab.session.RunResult;
import org.moelab.session.Session;
import org.moelab.session.SessionListener;
import org.moelab.session.SessionOptions;
import org.moelab.session.Sessions;
import org.moelab.source.Source;

/** Runs a .moe program in a real session, as the command line does, keeping what it prints. */
final class PrintingSession {
  private PrintingSession() {}

  /** Runs {@code program} (as test.moe) with working directory {@code dir}, adding each printed line, stripped, to {@code printed}. */
  static RunResult run(Path dir, String program, List<String> printed) {
    SessionListener listener = SessionListener.stdoutTo(text -> printed.add(text.strip()));
    try (Session s = Sessions.open(SessionOptions.defaults().withWorkingDirectory(dir), listener)) {
      return s.run(new Source("test.moe", program));
    }
  }
}
