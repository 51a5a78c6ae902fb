package org.moelab.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expressions: literals, precedence, associativity, postfix forms, lambdas and conditionals. */
class ExpressionSyntaxTest {

  static Stream<Arguments> literals() {
    return Stream.of(
        Arguments.of("42", "42"),
        Arguments.of("1_000", "1000"),
        Arguments.of("9223372036854775807", "9223372036854775807"),
        Arguments.of("1.0", "1.0"),
        Arguments.of(".5", "0.5"),
        Arguments.of("1e-3", "0.001"),
        Arguments.of("2.5E+2", "250.0"),
        Arguments.of("1_0.2_5", "10.25"),
        Arguments.of("\"abc\"", "\"abc\""),
        Arguments.of("'abc'", "\"abc\""),
        Arguments.of("\"a\\nb\\tc\"", "\"a\\nb\\tc\""),
        Arguments.of("\"q\\\"q\\'q\\\\\"", "\"q\\\"q'q\\\\\""),
        Arguments.of("'it\\'s'", "\"it's\""),
        Arguments.of("\"\\u00e9\\u0041\"", "\"\u00e9A\""),
        Arguments.of("\"\"", "\"\""),
        Arguments.of("true", "true"),
        Arguments.of("false", "false"),
        Arguments.of("none", "none"),
        Arguments.of("x_1", "x_1"),
        Arguments.of("_", "_"),
        Arguments.of("lets", "lets"),
        Arguments.of("[]", "[]"),
        Arguments.of("[1, 2, 3]", "[1 2 3]"),
        Arguments.of("[1, 2,]", "[1 2]"),
        Arguments.of("[[1, 2], [3, 4]]", "[[1 2] [3 4]]"),
        Arguments.of("{}", "{}"),
        Arguments.of("{\"k\": v, \"j\": w}", "{\"k\": v, \"j\": w}"),
        Arguments.of("{\"k\": 1,}", "{\"k\": 1}"));
  }

  static Stream<Arguments> precedence() {
    return Stream.of(
        Arguments.of("1 + 2 * 3", "(+ 1 (* 2 3))"),
        Arguments.of("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        Arguments.of("a - b - c", "(- (- a b) c)"),
        Arguments.of("a / b * c % d @ e", "(@ (% (* (/ a b) c) d) e)"),
        Arguments.of("a ** b ** c", "(** a (** b c))"),
        Arguments.of("-x ** 2", "(- (** x 2))"),
        Arguments.of("2 ** -x", "(** 2 (- x))"),
        Arguments.of("-x * y", "(* (- x) y)"),
        Arguments.of("- -x", "(- (- x))"),
        Arguments.of("+x", "(+ x)"),
        Arguments.of("a + b < c * d", "(< (+ a b) (* c d))"),
        Arguments.of("a == b", "(== a b)"),
        Arguments.of("a != b", "(!= a b)"),
        Arguments.of("a <= b", "(<= a b)"),
        Arguments.of("a >= b", "(>= a b)"),
        Arguments.of("a > b", "(> a b)"),
        Arguments.of("not a == b", "(not (== a b))"),
        Arguments.of("not a and b", "(and (not a) b)"),
        Arguments.of("a or b and c", "(or a (and b c))"),
        Arguments.of("a and b or c", "(or (and a b) c)"),
        Arguments.of("a or b or c", "(or (or a b) c)"),
        Arguments.of("x |> f |> g", "(|> (|> x f) g)"),
        Arguments.of("x |> f(1, k = 2)", "(|> x (call f 1 k=2))"),
        Arguments.of("a or b |> f", "(|> (or a b) f)"),
        Arguments.of("f >> g >> h", "(>> (>> f g) h)"),
        Arguments.of("x |> f >> g", "(>> (|> x f) g)"),
        Arguments.of("-x.shape", "(- (. x shape))"),
        Arguments.of("-f(x)[0]", "(- (index (call f x) 0))"),
        Arguments.of("a.b.c", "(. (. a b) c)"),
        Arguments.of("f(x)(y)", "(call (call f x) y)"),
        Arguments.of("m[\"key\"].w", "(. (index m \"key\") w)"));
  }

  static Stream<Arguments> postfix() {
    return Stream.of(
        Arguments.of("f()", "(call f)"),
        Arguments.of("f(a, b, k = 2)", "(call f a b k=2)"),
        Arguments.of("f(a, k = 2,)", "(call f a k=2)"),
        Arguments.of("f(k == 2)", "(call f (== k 2))"),
        Arguments.of("t[0]", "(index t 0)"),
        Arguments.of("t[:, 1:3]", "(index t (: _ _ _) (: 1 3 _))"),
        Arguments.of("t[::2]", "(index t (: _ _ 2))"),
        Arguments.of("t[1:]", "(index t (: 1 _ _))"),
        Arguments.of("t[:n - 1, -1]", "(index t (: _ (- n 1) _) (- 1))"),
        Arguments.of("t[a:b:c]", "(index t (: a b c))"),
        Arguments.of("x.shape", "(. x shape)"));
  }

  static Stream<Arguments> compound() {
    return Stream.of(
        Arguments.of("[x * 2 for x in xs]", "(for (* x 2) x xs)"),
        Arguments.of("[x for x in xs if x > 0]", "(for x x xs (> x 0))"),
        Arguments.of("[[i, j] for i in range(3)]", "(for [i j] i (call range 3))"),
        Arguments.of("if c then a else b", "(if c a b)"),
        Arguments.of("if a then 1 else if b then 2 else 3", "(if a 1 (if b 2 3))"),
        Arguments.of("if c then a else b |> f", "(if c a (|> b f))"),
        Arguments.of("if a < b then a + 1 else b", "(if (< a b) (+ a 1) b)"),
        Arguments.of("fn(x) => x + 1", "(fn (x) (+ x 1))"),
        Arguments.of("fn() => 0", "(fn () 0)"),
        Arguments.of("fn(x: tensor, k: int = 2,) => f(x, k)",
            "(fn (x:tensor k:int=2) (call f x k))"),
        Arguments.of("fn(x) => fn(y) => x + y", "(fn (x) (fn (y) (+ x y)))"),
        Arguments.of("fn(x) => if x then 1 else 2", "(fn (x) (if x 1 2))"),
        Arguments.of("map(xs, fn(x) => x * 2)", "(call map xs (fn (x) (* x 2)))"),
        Arguments.of("(fn(x) => x)(1)", "(call (fn (x) x) 1)"),
        Arguments.of("[if c then 1 else 2 for c in cs]", "(for (if c 1 2) c cs)"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource({"literals", "precedence", "postfix", "compound"})
  void parsesExpression(String source, String expected) {
    assertEquals(expected, Parsing.ast(source));
  }
}
