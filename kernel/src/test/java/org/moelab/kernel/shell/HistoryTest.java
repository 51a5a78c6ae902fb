package org.moelab.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private History history;

  @BeforeEach
  void fill() {
    history = new History();
    history.add(1, "let x = 1", null);
    history.add(2, "1 + 2", "3");
    history.add(3, "print(\"a\")", null);
    history.add(4, "1 + 2", "3");
    history.add(5, "2 * 3", "6");
  }

  private static List<Integer> lines(List<History.Entry> entries) {
    return entries.stream().map(History.Entry::line).toList();
  }

  @Test
  void tailReturnsTheLastEntriesOldestFirst() {
    assertEquals(List.of(4, 5), lines(history.tail(2)));
    assertEquals(List.of(1, 2, 3, 4, 5), lines(history.tail(0)));
    assertEquals(List.of(1, 2, 3, 4, 5), lines(history.tail(99)));
  }

  @Test
  void rangeIsHalfOpenAndZeroMeansThisSession() {
    assertEquals(List.of(2), lines(history.range(History.SESSION, 2, 3)));
    assertEquals(List.of(2, 3, 4), lines(history.range(0, 2, 5)));
    assertEquals(List.of(4, 5), lines(history.range(0, 4, 0)));
    assertEquals(List.of(), lines(history.range(7, 1, 5)));
  }

  @Test
  void searchMatchesWholeInputsByGlob() {
    assertEquals(List.of(2, 4), lines(history.search("1 + *", 0, false)));
    assertEquals(List.of(2, 4, 5), lines(history.search("? ? ?", 0, false)));
    assertEquals(List.of(5), lines(history.search("[2]*", 0, false)));
    assertEquals(List.of(), lines(history.search("1", 0, false)));
  }

  @Test
  void searchKeepsTheLastNAndUniqueKeepsTheLatestOfEachInput() {
    assertEquals(List.of(4, 5), lines(history.search("*", 2, false)));
    assertEquals(List.of(1, 3, 4, 5), lines(history.search("*", 0, true)));
    assertEquals(List.of(4), lines(history.search("1 + 2", 0, true)));
  }

  @Test
  void globMetacharactersOfRegexAreLiteral() {
    assertTrue(History.globToRegex("a.b(c)+").matcher("a.b(c)+").matches());
    assertFalse(History.globToRegex("a.b").matcher("axb").matches());
  }

  @Test
  void wireFormIsSessionLineInputOrInputOutputPair() {
    var entries = history.range(0, 2, 3);
    assertEquals("[[1,2,\"1 + 2\"]]", History.toJson(entries, false).toString());
    assertEquals("[[1,2,[\"1 + 2\",\"3\"]]]", History.toJson(entries, true).toString());
    assertEquals("[[1,1,[\"let x = 1\",null]]]", History.toJson(history.range(0, 1, 2), true).toString());
  }
}
