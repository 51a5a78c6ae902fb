package org.moelab.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.moelab.ast.Expr;
import org.moelab.ast.Node;
import org.moelab.ast.Stmt;
import org.moelab.source.Source;
import org.moelab.source.SourceSpan;

/** Every node's span covers exactly its text, with the right lines and columns. */
class SpanTest {

  private static Stmt only(String text) {
    ParseResult result = Parsing.parse(text);
    assertEquals(0, result.diagnostics().size(), () -> Parsing.errors(result).toString());
    assertEquals(1, result.program().statements().size());
    return result.program().statements().get(0);
  }

  private static Expr value(String text) {
    Stmt stmt = only(text);
    return stmt instanceof Stmt.Let let ? let.value() : ((Stmt.ExprStmt) stmt).value();
  }

  private static String at(SourceSpan span) {
    return span.line() + ":" + span.column() + "-" + span.endLine() + ":" + span.endColumn();
  }

  private static String textOf(String source, Node node) {
    return source.substring(node.span().start(), node.span().end());
  }

  static Stream<Arguments> nodeTexts() {
    return Stream.of(
        Arguments.of("f(a, k = 2)", "f(a, k = 2)"),
        Arguments.of("(a + b) * c", "(a + b) * c"),
        Arguments.of("(a + b)", "a + b"),
        Arguments.of("-x ** 2", "-x ** 2"),
        Arguments.of("t[:, 1:3]", "t[:, 1:3]"),
        Arguments.of("x.shape", "x.shape"),
        Arguments.of("x |> f(1)", "x |> f(1)"),
        Arguments.of("[x for x in xs if x]", "[x for x in xs if x]"),
        Arguments.of("if c then a else b", "if c then a else b"),
        Arguments.of("fn(x) => x", "fn(x) => x"),
        Arguments.of("{\"a\": 1}", "{\"a\": 1}"),
        Arguments.of("\"str\"", "\"str\""));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("nodeTexts")
  void expressionSpanCoversItsText(String source, String expected) {
    assertEquals(expected, textOf(source, value(source)));
  }

  @Test
  void letSpansNameTypeAndValue() {
    String text = "\n  let total: int = a +\n    b";
    Stmt.Let let = (Stmt.Let) only(text);
    assertEquals("2:3-3:6", at(let.span()));
    assertEquals("2:7-2:12", at(let.nameSpan()));
    assertEquals("int", textOf(text, let.type().orElseThrow()));
    Expr.Binary sum = (Expr.Binary) let.value();
    assertEquals("2:22-2:23", at(sum.opSpan()));
    assertEquals("2:20-3:6", at(sum.span()));
  }

  @Test
  void callSpanRunsFromCalleeToClosingParen() {
    Expr.Call call = (Expr.Call) value("let y = model_fn(\n  x,\n  k = 2)");
    assertEquals("1:9-3:9", at(call.span()));
    assertEquals("3:3-3:8", at(call.args().get(1).span()));
  }

  @Test
  void defAndDeclSpans() {
    String text = "def f(x: int = 1) {\n  return x\n}";
    Stmt.Def def = (Stmt.Def) only(text);
    assertEquals("1:1-3:2", at(def.span()));
    assertEquals("1:5-1:6", at(def.nameSpan()));
    assertEquals("x: int = 1", textOf(text, def.params().get(0)));
    assertEquals("1:19-3:2", at(def.body().span()));
    String decl = "experts ffn[8] = swiglu(d, f)";
    Stmt.Decl experts = (Stmt.Decl) only(decl);
    assertEquals("ffn", textOf(decl, new Expr.Name("", experts.nameSpan())));
    assertEquals("8", textOf(decl, experts.count().orElseThrow()));
    assertEquals(decl, textOf(decl, experts));
  }

  @Test
  void attributeAndComprehensionNameSpans() {
    Expr.Attribute attribute = (Expr.Attribute) value("x.shape");
    assertEquals("1:3-1:8", at(attribute.nameSpan()));
    Expr.Comprehension comprehension = (Expr.Comprehension) value("[y for y in ys]");
    assertEquals("1:8-1:9", at(comprehension.variableSpan()));
  }

  @Test
  void columnsCountUtf16CharactersLikeSource() {
    String text = "let s = \"\uD83D\uDE00\u00e9\" + x";
    Expr.Binary sum = (Expr.Binary) ((Stmt.Let) only(text)).value();
    Source source = new Source("test.moe", text);
    assertEquals(source.span(14, 15), sum.opSpan());
    assertEquals(source.span(16, 17), ((Expr.Name) sum.right()).span());
    assertEquals("\uD83D\uDE00\u00e9", ((Expr.StringLit) sum.left()).value());
  }
}
