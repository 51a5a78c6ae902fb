package org.moelab.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.moelab.diag.DiagnosticRenderer;
import org.moelab.source.Source;

/** Every syntax error code, with its exact position and message, and recovery after errors. */
class SyntaxErrorTest {

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("let = = 2", List.of(
            "1:5 E0001 Expected a name, found '='.",
            "1:7 E0001 Expected an expression, found '='.")),
        Arguments.of("let let = 1", List.of("1:5 E0001 Expected a name, found 'let'.")),
        Arguments.of("f(a b)",
            List.of("1:5 E0001 Expected ')' to close the call opened at 1:2, found 'b'.")),
        Arguments.of("let x = f(1, 2\nlet y = 3", List.of(
            "1:15 E0001 Expected ')' to close the call opened at 1:10, found end of line.")),
        Arguments.of("def f(x) {\n  let y = g(x\n  y\n}", List.of(
            "3:3 E0001 Expected ',' or ')' to close the call opened at 2:12, found 'y'.")),
        Arguments.of("let x = [1, 2\nlet y = 1", List.of(
            "1:14 E0001 Expected ']' to close the list opened at 1:9, found end of line.")),
        Arguments.of("let y = {\"a\": 1\nlet z = 3", List.of(
            "1:16 E0001 Expected ',' or '}' to close the dict opened at 1:9, found end of line.")),
        Arguments.of("t[1:2:3:4]", List.of(
            "1:8 E0001 Expected ',' or ']' to close the index opened at 1:2, found ':'.")),
        Arguments.of("show d e", List.of("1:8 E0001 Expected end of line, found 'e'.")),
        Arguments.of("f(x))", List.of("1:5 E0001 Expected end of line, found ')'.")),
        Arguments.of("let x = (1 +", List.of(
            "1:13 E0001 Expected an expression, found end of input.")),
        Arguments.of("x.", List.of("1:3 E0001 Expected a name, found end of input.")),
        Arguments.of("if a then b", List.of("1:12 E0001 Expected 'else', found end of input.")),
        Arguments.of("{\"a\" 1}", List.of("1:6 E0001 Expected ':', found '1'.")),
        Arguments.of("fn x => x", List.of(
            "1:4 E0001 Expected '(', found 'x'.",
            "1:6 E0001 Expected ')', found '=>'.")),
        Arguments.of("let s = \"abc\nlet t = 'x", List.of(
            "1:9 E0002 Unterminated string: the closing \" is missing.",
            "2:9 E0002 Unterminated string: the closing ' is missing.")),
        Arguments.of("let x = 1 $ 2", List.of(
            "1:11 E0003 Invalid character '$' (U+0024).",
            "1:13 E0001 Expected end of line, found '2'.")),
        Arguments.of("let x = 1 $$$", List.of("1:11 E0003 Invalid character '$' (U+0024).")),
        Arguments.of("let x = 1\u0007", List.of("1:10 E0003 Invalid character '\\u0007' (U+0007).")),
        Arguments.of("let x = (((((1)))))".replace("(((((", "(".repeat(201))
                .replace(")))))", ")".repeat(201)),
            List.of("1:209 E0004 Brackets are nested more than 200 deep.")),
        Arguments.of("a < b < c", List.of(
            "1:7 E0005 Comparisons cannot be chained: '<' follows another comparison.")),
        Arguments.of("a == b != c", List.of(
            "1:8 E0005 Comparisons cannot be chained: '!=' follows another comparison.")),
        Arguments.of("return 1", List.of(
            "1:1 E0005 'return' can only be used inside the block of a 'def'.")),
        Arguments.of("expert e[3] = f()", List.of(
            "1:9 E0005 Only 'experts' takes a count, not 'expert'.")),
        Arguments.of("experts e = f()", List.of("1:1 E0005 'experts e' needs a count in brackets.")),
        Arguments.of("\"a\\qb\\u12\"", List.of(
            "1:3 E0005 Invalid escape sequence '\\q' in a string.",
            "1:6 E0005 Invalid escape sequence '\\u12' in a string.")),
        Arguments.of("let x = 99999999999999999999", List.of(
            "1:9 E0005 Integer literal 99999999999999999999 is too large;"
                + " the largest is 9223372036854775807.")),
        Arguments.of("let x = 1e999", List.of(
            "1:9 E0005 Float literal 1e999 is too large for a 64-bit float.")),
        Arguments.of("f(k = 1, 2)", List.of(
            "1:10 E0006 Positional argument after keyword argument.")),
        Arguments.of("f(a, k = 1, b, c)", List.of(
            "1:13 E0006 Positional argument after keyword argument.",
            "1:16 E0006 Positional argument after keyword argument.")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("errors")
  void reportsError(String source, List<String> expected) {
    assertEquals(expected, Parsing.errors(Parsing.parse(source)));
  }

  @Test
  void reportsEveryIndependentErrorAndKeepsTheGoodStatements() {
    String text = String.join("\n",
        "let a = 1",
        "let x = )",
        "let b = a + 1",
        "let y = f(1, 2",
        "show a b",
        "def f(x) {",
        "  let z = * 3",
        "  return x",
        "}",
        "let c = [1, 2",
        "show c");
    ParseResult result = Parsing.parse(text);
    assertEquals(List.of(
        "2:9 E0001 Expected an expression, found ')'.",
        "4:15 E0001 Expected ')' to close the call opened at 4:10, found end of line.",
        "5:8 E0001 Expected end of line, found 'b'.",
        "7:11 E0001 Expected an expression, found '*'.",
        "10:14 E0001 Expected ']' to close the list opened at 10:9, found end of line."),
        Parsing.errors(result));
    assertEquals("(let a 1)\n(let b (+ a 1))\n(show a)\n(show c)",
        AstPrinter.print(result.program()));
  }

  @Test
  void separatesStatementsWithSemicolonsWhenRecovering() {
    ParseResult result = Parsing.parse("let a = ; let b = 2; let c = )");
    assertEquals(List.of(
        "1:9 E0001 Expected an expression, found ';'.",
        "1:30 E0001 Expected an expression, found ')'."), Parsing.errors(result));
    assertEquals("(let b 2)", AstPrinter.print(result.program()));
  }

  @Test
  void capsTheNumberOfDiagnostics() {
    ParseResult result = Parsing.parse("let = 1\n".repeat(500));
    assertEquals(100, result.diagnostics().size());
  }

  @Test
  void rendersWithCaretUnderTheOffendingToken() {
    Source source = new Source("model.moe", "let x = 1\nlet y = f(1, 2\nshow y");
    ParseResult result = MoeSyntax.parse(source);
    String rendered = new DiagnosticRenderer(name -> source).render(result.diagnostics().get(0));
    assertEquals(
        "model.moe:2:15: error[E0001]: Expected ')' to close the call opened at 2:10, found end of"
            + " line.\n  let y = f(1, 2\n                ^\n",
        rendered);
  }

  @Test
  void programSpanCoversTheWholeSource() {
    ParseResult result = Parsing.parse("let x = ) \n");
    assertTrue(result.hasErrors());
    assertEquals(0, result.program().span().start());
    assertEquals(11, result.program().span().end());
  }
}
