package org.moelab.kernel.shell;

import com.google.gson.JsonArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this kernel's cells, answering {@code history_request}s by tail,
 * range and glob search, as IPython's history does for one in-memory session.
 */
public final class History {
  /** The session number this kernel's entries carry; 0 in a request also means "this session". */
  public static final int SESSION = 1;

  /**
   * One cell.
   *
   * @param session always {@link #SESSION}
   * @param line the cell's execution count
   * @param input the cell's source
   * @param output the plain text of its execute_result, or null when it had none
   */
  public record Entry(int session, int line, String input, String output) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Records a cell that ran with {@code store_history}. */
  public synchronized void add(int line, String input, String output) {
    entries.add(new Entry(SESSION, line, input, output));
  }

  /** The last {@code n} entries, oldest first; all when {@code n <= 0}. */
  public synchronized List<Entry> tail(int n) {
    int from = n <= 0 ? 0 : Math.max(0, entries.size() - n);
    return List.copyOf(entries.subList(from, entries.size()));
  }

  /**
   * Entries with {@code start <= line < stop} of {@code session} (0 is this session; earlier
   * sessions are not kept); {@code stop <= 0} means to the end.
   */
  public synchronized List<Entry> range(int session, int start, int stop) {
    if (session != 0 && session != SESSION) {
      return List.of();
    }
    return entries.stream()
        .filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop))
        .toList();
  }

  /**
   * Entries whose whole input matches the glob {@code pattern} ({@code *}, {@code ?}, {@code
   * [..]}), the last {@code n} of them ({@code n <= 0}: all); with {@code unique}, only the latest
   * entry of each distinct input.
   */
  public synchronized List<Entry> search(String pattern, int n, boolean unique) {
    Pattern regex = globToRegex(pattern);
    List<Entry> matches = entries.stream().filter(e -> regex.matcher(e.input()).matches()).toList();
    if (unique) {
      Map<String, Entry> latest = new LinkedHashMap<>();
      matches.forEach(e -> {
        latest.remove(e.input());
        latest.put(e.input(), e);
      });
      matches = List.copyOf(latest.values());
    }
    int from = n <= 0 ? 0 : Math.max(0, matches.size() - n);
    return matches.subList(from, matches.size());
  }

  /** The wire form: {@code [session, line, input]}, or {@code [session, line, [input, output]]}. */
  public static JsonArray toJson(List<Entry> entries, boolean withOutput) {
    JsonArray out = new JsonArray();
    for (Entry e : entries) {
      JsonArray row = new JsonArray();
      row.add(e.session());
      row.add(e.line());
      if (withOutput) {
        JsonArray pair = new JsonArray();
        pair.add(e.input());
        pair.add(e.output());
        row.add(pair);
      } else {
        row.add(e.input());
      }
      out.add(row);
    }
    return out;
  }

  static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    boolean inClass = false;
    for (char c : glob.toCharArray()) {
      if (inClass) {
        regex.append(c == '\\' ? "\\\\" : String.valueOf(c));
        inClass = c != ']';
        continue;
      }
      switch (c) {
        case '*' -> regex.append("[\\s\\S]*");
        case '?' -> regex.append("[\\s\\S]");
        case '[' -> {
          regex.append('[');
          inClass = true;
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(inClass ? Pattern.quote(glob) : regex.toString());
  }
}
