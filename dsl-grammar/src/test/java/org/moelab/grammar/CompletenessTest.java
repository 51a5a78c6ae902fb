package org.moelab.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link MoeSyntax#completeness}: what a console does when the user presses Enter. */
class CompletenessTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("let x = 1", Completeness.COMPLETE),
        Arguments.of("", Completeness.COMPLETE),
        Arguments.of("  \n# just a comment\n", Completeness.COMPLETE),
        Arguments.of("def f(x) {\n  return x\n}", Completeness.COMPLETE),
        Arguments.of("let d = {}", Completeness.COMPLETE),
        Arguments.of("let x = (1 +", Completeness.INCOMPLETE),
        Arguments.of("let x = (1 +\n", Completeness.INCOMPLETE),
        Arguments.of("let x = 1 +", Completeness.INCOMPLETE),
        Arguments.of("let x =", Completeness.INCOMPLETE),
        Arguments.of("let x = f(1,", Completeness.INCOMPLETE),
        Arguments.of("let x = [1, 2", Completeness.INCOMPLETE),
        Arguments.of("let d = {\"a\": 1,", Completeness.INCOMPLETE),
        Arguments.of("let x = a |>", Completeness.INCOMPLETE),
        Arguments.of("def f(x) {", Completeness.INCOMPLETE),
        Arguments.of("def f(x) {\n  let y = x\n", Completeness.INCOMPLETE),
        Arguments.of("def f(x) =", Completeness.INCOMPLETE),
        Arguments.of("\"abc", Completeness.INCOMPLETE),
        Arguments.of("let s = 'abc", Completeness.INCOMPLETE),
        Arguments.of("let = = 2", Completeness.INVALID),
        Arguments.of("let x = )", Completeness.INVALID),
        Arguments.of("let x", Completeness.INVALID),
        Arguments.of("let x = (1 + $", Completeness.INVALID),
        Arguments.of("let x = 1 2 (", Completeness.INVALID),
        Arguments.of("let s = \"abc\nlet t = 1", Completeness.INVALID),
        Arguments.of("let a = (1\nlet b = 2", Completeness.INVALID),
        Arguments.of("a < b < c", Completeness.INVALID));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void judgesCompleteness(String text, Completeness expected) {
    assertEquals(expected, MoeSyntax.completeness(text));
  }
}
