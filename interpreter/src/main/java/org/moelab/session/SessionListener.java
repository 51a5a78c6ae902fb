package org.moelab.session;

import java.util.function.Consumer;

/**
 * Receives what a running unit prints and displays, as it happens. The command line writes to the
 * terminal; the kernel turns each call into an IOPub message.
 */
public interface SessionListener {
  /** Text written by {@code print}. */
  void stdout(String text);

  /** Warnings and progress text meant for stderr. */
  void stderr(String text);

  /**
   * A rich display ({@code show}, tables, plots). When {@code update} is true and the display has
   * an id, it replaces the earlier display with that id.
   */
  void display(Display display, boolean update);

  /** Clears the cell's output ({@code clear_output}); with {@code wait}, only when new output comes. */
  void clearOutput(boolean wait);

  /** A listener that drops everything. */
  static SessionListener silent() {
    return stdoutTo(text -> {});
  }

  /** A listener that hands printed text to {@code stdout} and drops everything else. */
  static SessionListener stdoutTo(Consumer<String> stdout) {
    return new SessionListener() {
      @Override
      public void stdout(String text) {
        stdout.accept(text);
      }

      @Override
      public void stderr(String text) {}

      @Override
      public void display(Display display, boolean update) {}

      @Override
      public void clearOutput(boolean wait) {}
    };
  }
}
