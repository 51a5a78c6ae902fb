package org.moelab.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Inputs built to break a parser: each must end in a diagnostic, quickly, never in a crash. */
class HostileInputTest {
  private static final String TOO_DEEP =
      "E0004 The expression is nested too deeply; the limit is 1000 levels of operators and"
          + " brackets.";

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("100k open parens", "(".repeat(100_000),
            "1:201 E0004 Brackets are nested more than 200 deep."),
        Arguments.of("10k-deep nested list", "[".repeat(10_000) + "1" + "]".repeat(10_000),
            "1:201 E0004 Brackets are nested more than 200 deep."),
        Arguments.of("5 MB string", "\"" + "a".repeat(5_000_000) + "\"",
            "1:1 E0004 The source is 5,000,002 characters long; the limit is 4,194,304."),
        Arguments.of("100k unary minus", "-".repeat(100_000) + "1",
            TOO_DEEP),
        Arguments.of("100k not", "not ".repeat(100_000) + "x",
            TOO_DEEP),
        Arguments.of("20k-term sum", "1" + " + 1".repeat(20_000),
            TOO_DEEP),
        Arguments.of("20k power chain", "2" + " ** 2".repeat(20_000),
            TOO_DEEP),
        Arguments.of("5k nested conditionals", "if a then b else ".repeat(5_000) + "c",
            TOO_DEEP),
        Arguments.of("5k nested lambdas", "fn(x) => ".repeat(5_000) + "x",
            TOO_DEEP));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void reportsLimitInsteadOfCrashing(String name, String text, String expected) {
    ParseResult result =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Parsing.parse(text));
    List<String> errors = Parsing.errors(result);
    assertTrue(errors.size() >= 1, name);
    assertTrue(errors.get(0).endsWith(expected), () -> name + ": " + errors);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("atTheLimit")
  void acceptsDeepButAllowedNesting(String name, String text) {
    assertEquals(List.of(), Parsing.errors(Parsing.parse(text)), name);
  }

  static Stream<Arguments> atTheLimit() {
    return Stream.of(
        Arguments.of("200 nested parens", "(".repeat(200) + "1" + ")".repeat(200)),
        Arguments.of("200 nested lists", "[".repeat(200) + "1" + "]".repeat(200)),
        Arguments.of("200 nested calls", "f(".repeat(200) + "1" + ")".repeat(200)),
        Arguments.of("mixed 200", "[f((".repeat(50) + "1" + "))]".repeat(50)),
        Arguments.of("500-term sum", "1" + " + 1".repeat(500)),
        Arguments.of("many statements", "let x = f(1, [2, 3])\n".repeat(20_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void garbageGivesBoundedDiagnostics(String name, String text) {
    ParseResult result =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Parsing.parse(text));
    assertTrue(result.hasErrors(), name);
    assertTrue(result.diagnostics().size() <= 100, name);
  }

  static Stream<Arguments> garbage() {
    return Stream.of(
        Arguments.of("invalid characters", "$ ".repeat(50_000)),
        Arguments.of("stray closers", ")]}".repeat(30_000)),
        Arguments.of("unterminated strings", "\"x\n".repeat(30_000)),
        Arguments.of("operators only", "+ * / ".repeat(20_000)),
        Arguments.of("binary noise", binaryNoise()));
  }

  @Test
  void limitsHoldForCallersWithASmallStack() throws InterruptedException {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Runnable parseDeepInputs =
        () -> {
          try {
            outcome.set(Stream.of("-".repeat(1_400) + "1", "(".repeat(199) + "-".repeat(900) + "1")
                .map(text -> Parsing.errors(Parsing.parse(text)))
                .toList());
          } catch (Throwable e) {
            outcome.set(e);
          }
        };
    Thread caller = new Thread(null, parseDeepInputs, "small-stack", 128 * 1024);
    caller.start();
    caller.join();
    assertEquals(
        List.of(List.of("1:1000 " + TOO_DEEP), List.of("1:1099 " + TOO_DEEP)), outcome.get());
  }

  private static String binaryNoise() {
    StringBuilder text = new StringBuilder();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 50_000; i++) {
      text.append((char) random.nextInt(0x3000));
    }
    return text.toString();
  }
}
