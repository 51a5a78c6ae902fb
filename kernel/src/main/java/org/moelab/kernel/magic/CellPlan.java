package org.moelab.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell split into its leading magics and its code. Magic lines are the lines at the top of the
 * cell whose first non-blank character is {@code %}; the first other non-blank line starts the
 * code. A {@code %%name} line takes the whole rest of the cell as its argument. In {@code body}
 * the magic lines are blanked, so diagnostics keep the cell's line numbers.
 *
 * @param magics the magics, in order
 * @param body the code to run after them (blank when there is none)
 */
public record CellPlan(List<MagicCall> magics, String body) {
  public CellPlan {
    magics = List.copyOf(magics);
  }

  /** Splits {@code cell}. */
  public static CellPlan parse(String cell) {
    List<MagicCall> magics = new ArrayList<>();
    String[] lines = cell.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("%")) {
        return new CellPlan(magics, join(lines, i));
      }
      if (line.startsWith("%%")) {
        magics.add(call(line.substring(2), join(lines, i + 1), true));
        return new CellPlan(magics, "");
      }
      magics.add(call(line.substring(1), "", false));
    }
    return new CellPlan(magics, "");
  }

  /** True when there is code to run after the magics. */
  public boolean hasBody() {
    return !body.isBlank();
  }

  private static MagicCall call(String text, String cellRest, boolean cell) {
    int space = firstSpace(text);
    String name = text.substring(0, space);
    String argument = cell ? cellRest : text.substring(space).strip();
    return new MagicCall(name, argument, cell);
  }

  private static int firstSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return text.length();
  }

  /** The cell from line {@code from} on, earlier lines blanked so line numbers stay the same. */
  private static String join(String[] lines, int from) {
    StringBuilder out = new StringBuilder("\n".repeat(from));
    for (int i = from; i < lines.length; i++) {
      out.append(lines[i]);
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }
}
