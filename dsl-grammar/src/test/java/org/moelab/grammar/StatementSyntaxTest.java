package org.moelab.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Statements, declarations, types and the newline rules. */
class StatementSyntaxTest {

  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("let x = 1", "(let x 1)"),
        Arguments.of("let x: int = 1", "(let x:int 1)"),
        Arguments.of("show routing(block, x)", "(show (call routing block x))"),
        Arguments.of("print(x)", "(call print x)"),
        Arguments.of("def f(x) = x + 1", "(def f (x) = (+ x 1))"),
        Arguments.of("def f(x: int, y = 2,): int = x * y",
            "(def f (x:int y=2) :int = (* x y))"),
        Arguments.of("def f() { return 1 }", "(def f () {(return 1)})"),
        Arguments.of("def f(x) { let y = x; y }", "(def f (x) {(let y x); y})"),
        Arguments.of("def f(x): tensor {\n  let y = x * 2\n\n  return y\n}",
            "(def f (x) :tensor {(let y (* x 2)); (return y)})"),
        Arguments.of("def f(x) {\n}", "(def f (x) {})"),
        Arguments.of("def outer(x) {\n  def inner(y) = y\n  inner(x)\n}",
            "(def outer (x) {(def inner (y) = y); (call inner x)})"),
        Arguments.of("let a = 1; let b = 2", "(let a 1)\n(let b 2)"),
        Arguments.of("\n\n# comment\nlet a = 1 # trailing\n\n", "(let a 1)"),
        Arguments.of("", ""));
  }

  static Stream<Arguments> declarations() {
    return Stream.of(
        Arguments.of("expert e = swiglu(d, f)", "(expert e (call swiglu d f))"),
        Arguments.of("experts ffn[8] = swiglu(d, f)", "(experts ffn[8] (call swiglu d f))"),
        Arguments.of("experts ffn[n * 2] = mlp(d)", "(experts ffn[(* n 2)] (call mlp d))"),
        Arguments.of("router gate = topk(linear(d, 8), k = 2, renorm = true)",
            "(router gate (call topk (call linear d 8) k=2 renorm=true))"),
        Arguments.of("layer block = moe(ffn, gate)", "(layer block (call moe ffn gate))"),
        Arguments.of("model m = a >> b", "(model m (>> a b))"),
        Arguments.of("merge m = ties(base, tasks)", "(merge m (call ties base tasks))"),
        Arguments.of("router g(adapters: lora[E], alpha: float = 3.0) =\n    topk(x, k = 2)",
            "(router g(adapters:lora[E] alpha:float=3.0) (call topk x k=2))"),
        Arguments.of("layer l() = f()", "(layer l() (call f))"));
  }

  static Stream<Arguments> types() {
    return Stream.of(
        Arguments.of("let x: tensor[B, S, 512] = y", "(let x:tensor[B,S,512] y)"),
        Arguments.of("let x: tensor[..., d] = y", "(let x:tensor[...,d] y)"),
        Arguments.of("let x: list[expert] = y", "(let x:list[^expert] y)"),
        Arguments.of("let x: dict[str, tensor] = y", "(let x:dict[^str,^tensor] y)"),
        Arguments.of("let x: list[tensor[B, 4]] = y", "(let x:list[^tensor[B,4]] y)"),
        Arguments.of("let x: list[router] = y", "(let x:list[^router] y)"),
        Arguments.of("let x: lora[E] = y", "(let x:lora[E] y)"),
        Arguments.of("let x: list[foo[1]] = y", "(let x:list[^foo[1]] y)"));
  }

  static Stream<Arguments> newlines() {
    return Stream.of(
        Arguments.of("let x = f(1,\n  2)", "(let x (call f 1 2))"),
        Arguments.of("let x = f(\n  1\n  , 2\n)", "(let x (call f 1 2))"),
        Arguments.of("let x = [\n  1,\n  2\n]", "(let x [1 2])"),
        Arguments.of("let x = (1\n + 2)", "(let x (+ 1 2))"),
        Arguments.of("let x = 1 +\n  2", "(let x (+ 1 2))"),
        Arguments.of("let x =\n  2", "(let x 2)"),
        Arguments.of("let x = a and\n b", "(let x (and a b))"),
        Arguments.of("let x = a |>\n f >>\n g", "(let x (>> (|> a f) g))"),
        Arguments.of("let x = 1 + # comment\n  2", "(let x (+ 1 2))"),
        Arguments.of("let f = fn(x) =>\n  x", "(let f (fn (x) x))"),
        Arguments.of("let x = 1\n+ 2", "(let x 1)\n(+ 2)"),
        Arguments.of("let d = {\n  \"a\": 1,\n  \"b\":\n    2\n}", "(let d {\"a\": 1, \"b\": 2})"),
        Arguments.of("let d = {\n  \"a\": 1\n  , \"b\": 2\n}", "(let d {\"a\": 1, \"b\": 2})"),
        Arguments.of("let d = {\"a\": 1\n}", "(let d {\"a\": 1})"),
        Arguments.of("let d = f({\n  \"a\": 1\n})", "(let d (call f {\"a\": 1}))"),
        Arguments.of("let x = 1\r\nlet y = 2\r\n", "(let x 1)\n(let y 2)"),
        Arguments.of("def f(x) =\n  x", "(def f (x) = x)"),
        Arguments.of("def f(x) {\n  let y = g(x,\n    1)\n  y\n}",
            "(def f (x) {(let y (call g x 1)); y})"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource({"statements", "declarations", "types", "newlines"})
  void parsesStatements(String source, String expected) {
    assertEquals(expected, Parsing.ast(source));
  }
}
