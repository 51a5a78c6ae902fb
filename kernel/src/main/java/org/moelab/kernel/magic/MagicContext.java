package org.moelab.kernel.magic;

import java.nio.file.Path;
import org.moelab.session.Display;
import org.moelab.session.RunResult;
import org.moelab.session.Session;
import org.moelab.session.SessionListener;
import org.moelab.source.Source;

/** What a magic can reach while its cell runs. */
public interface MagicContext {
  /** The kernel's session. */
  Session session();

  /** The cell's output (stdout, displays). */
  SessionListener output();

  /** Runs {@code source} in the session as part of this cell. */
  RunResult run(Source source);

  /** Opens {@code page} in the frontend's pager (an execute_reply payload). */
  void page(Display page);

  /** Where relative paths resolve. */
  Path workingDirectory();

  /** All magics, for {@code %help}. */
  Magics magics();
}
