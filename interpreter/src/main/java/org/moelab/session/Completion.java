package org.moelab.session;

import java.util.List;

/**
 * Completion candidates for a cursor position (Jupyter's {@code complete_reply}).
 *
 * @param cursorStart first character offset the candidates replace
 * @param cursorEnd offset just past the replaced text
 * @param items the candidates, best first
 */
public record Completion(int cursorStart, int cursorEnd, List<Item> items) {
  public Completion {
    items = List.copyOf(items);
  }

  /**
   * One candidate.
   *
   * @param text the text to insert
   * @param type {@code keyword}, {@code function}, {@code variable}, {@code parameter}, {@code key}
   * @param signature a short signature or type, may be empty
   */
  public record Item(String text, String type, String signature) {}
}
