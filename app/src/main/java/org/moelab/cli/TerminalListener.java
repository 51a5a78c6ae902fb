package org.moelab.cli;

import java.io.PrintStream;
import org.moelab.session.Display;
import org.moelab.session.SessionListener;

/** Sends a session's output to the terminal: prints to stdout, displays as their plain text. */
final class TerminalListener implements SessionListener {
  private final PrintStream out;
  private final PrintStream err;

  TerminalListener(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void stdout(String text) {
    out.print(text);
    out.flush();
  }

  @Override
  public void stderr(String text) {
    err.print(text);
    err.flush();
  }

  /**
   * Displays with an id are live (progress bars): redrawn in place on stderr, ending the line
   * when their text ends with a newline. Other displays print their plain text on stdout.
   */
  @Override
  public void display(Display display, boolean update) {
    String text = display.plain();
    if (display.displayId().isPresent()) {
      err.print("\r" + text);
      err.flush();
      return;
    }
    out.print(text.endsWith("\n") ? text : text + "\n");
    out.flush();
  }

  @Override
  public void clearOutput(boolean wait) {}
}
