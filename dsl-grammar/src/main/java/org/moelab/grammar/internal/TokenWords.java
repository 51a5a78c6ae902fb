package org.moelab.grammar.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Puts tokens and sets of expected tokens into words for syntax error messages. */
final class TokenWords {
  private static final int MAX_QUOTED = 24;

  /** Tokens that can start an expression; all of them together read "an expression". */
  private static final Set<Integer> EXPRESSION_START =
      Set.of(
          MoeLexer.INT, MoeLexer.FLOAT, MoeLexer.STRING, MoeLexer.TRUE, MoeLexer.FALSE,
          MoeLexer.NONE, MoeLexer.NAME, MoeLexer.LPAREN, MoeLexer.LBRACK, MoeLexer.LBRACE,
          MoeLexer.MINUS, MoeLexer.PLUS, MoeLexer.NOT, MoeLexer.IF, MoeLexer.FN);

  /** Tokens that continue an expression already complete: infix and postfix operators. */
  private static final Set<Integer> EXPRESSION_CONTINUATION =
      Set.of(
          MoeLexer.PLUS, MoeLexer.MINUS, MoeLexer.STAR, MoeLexer.SLASH, MoeLexer.PERCENT,
          MoeLexer.AT, MoeLexer.POW, MoeLexer.EQ, MoeLexer.NE, MoeLexer.LT, MoeLexer.LE,
          MoeLexer.GT, MoeLexer.GE, MoeLexer.AND, MoeLexer.OR, MoeLexer.PIPE, MoeLexer.COMPOSE,
          MoeLexer.LPAREN, MoeLexer.LBRACK, MoeLexer.DOT);

  /** Keywords that start a statement; together with expression starts they read "a statement". */
  private static final Set<Integer> STATEMENT_START =
      Set.of(
          MoeLexer.LET, MoeLexer.DEF, MoeLexer.SHOW, MoeLexer.RETURN, MoeLexer.EXPERT,
          MoeLexer.EXPERTS, MoeLexer.ROUTER, MoeLexer.LAYER, MoeLexer.MODEL, MoeLexer.MERGE);

  private static final Set<Integer> STATEMENT_END =
      Set.of(MoeLexer.NEWLINE, MoeLexer.SEMI, Token.EOF);

  private TokenWords() {}

  /** The token as the user wrote it: {@code 'let'}, {@code end of line}, {@code end of input}. */
  static String found(Token token) {
    if (token.getType() == Token.EOF) {
      return "end of input";
    }
    if (token.getType() == MoeLexer.NEWLINE) {
      return "end of line";
    }
    String text = token.getText();
    if (text.length() > MAX_QUOTED) {
      text = text.substring(0, MAX_QUOTED) + "...";
    }
    return "'" + text + "'";
  }

  /**
   * What the parser expected, such as {@code an expression}, {@code ',' or ')' to close the call
   * opened at 3:10}, or {@code end of line}.
   */
  static String expected(IntervalSet expectedTokens, Optional<OpenBracket> bracket) {
    Set<Integer> rest = new LinkedHashSet<>(expectedTokens.toList());
    List<String> parts = new ArrayList<>();
    if (rest.contains(MoeLexer.LET)) {
      parts.add("a statement");
      rest.removeAll(STATEMENT_START);
      rest.removeAll(EXPRESSION_START);
    } else if (rest.contains(MoeLexer.INT) && rest.contains(MoeLexer.NAME)) {
      parts.add("an expression");
      rest.removeAll(EXPRESSION_START);
    }
    boolean ends = rest.removeAll(STATEMENT_END);
    if (!parts.isEmpty() || ends || !EXPRESSION_CONTINUATION.containsAll(rest)) {
      rest.removeAll(EXPRESSION_CONTINUATION);
    }
    Optional<String> closer =
        bracket.filter(b -> rest.remove(b.closerType())).map(OpenBracket::closingPhrase);
    rest.forEach(type -> parts.add(name(type)));
    if (ends) {
      parts.add("end of line");
    }
    closer.ifPresent(parts::add);
    if (parts.isEmpty()) {
      parts.add("something else");
    }
    return joinAlternatives(parts);
  }

  /** The name of a token type in an "expected" list. */
  static String name(int type) {
    switch (type) {
      case MoeLexer.NAME:
        return "a name";
      case MoeLexer.INT:
        return "an integer";
      case MoeLexer.FLOAT:
        return "a number";
      case MoeLexer.STRING:
        return "a string";
      case MoeLexer.NEWLINE:
        return "end of line";
      case Token.EOF:
        return "end of input";
      default:
        String literal = MoeLexer.VOCABULARY.getLiteralName(type);
        return literal != null ? literal : MoeLexer.VOCABULARY.getDisplayName(type);
    }
  }

  private static String joinAlternatives(List<String> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    String init = String.join(", ", parts.subList(0, parts.size() - 1));
    return init + " or " + parts.get(parts.size() - 1);
  }
}
