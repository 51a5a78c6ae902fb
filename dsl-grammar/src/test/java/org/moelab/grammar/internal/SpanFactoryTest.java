package org.moelab.grammar.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.moelab.source.Source;

/** {@link SpanFactory} gives exactly the spans {@link Source#span} gives, only faster. */
class SpanFactoryTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "ab\ncd\n", "\n\n\nx", "a\r\nb\r\n", "tab\there\n\uD83D\uDE00x\n"})
  void agreesWithSourceOnEveryRange(String text) {
    Source source = new Source("s", text);
    SpanFactory spans = new SpanFactory(source);
    for (int start = 0; start <= text.length(); start++) {
      for (int end = start; end <= text.length(); end++) {
        assertEquals(source.span(start, end), spans.chars(start, end), start + ".." + end);
      }
    }
  }
}
