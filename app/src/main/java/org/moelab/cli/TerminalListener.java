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

  @Override
  public void display(Display display, boolean update) {
    String text = display.plain();
    out.print(text.endsWith("\n") ? text : text + "\n");
    out.flush();
  }

  @Override
  public void clearOutput(boolean wait) {}
}
