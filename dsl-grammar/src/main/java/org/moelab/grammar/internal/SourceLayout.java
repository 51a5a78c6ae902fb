package org.moelab.grammar.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.WritableToken;

/**
 * The pass between lexer and parser: decides which newlines end a statement, reports lexical
 * errors and enforces the bracket nesting limit.
 *
 * <p>A newline is hidden from the parser when it is inside {@code ( )}, {@code [ ]} or a dict's
 * <code>{ }</code> (but not directly inside a block's), or when it follows a token that cannot end
 * a statement (see {@link #CONTINUATION}). A <code>{</code> opens a block when it follows {@code
 * )}, {@code ]} or a name (the end of a {@code def} header) and a dict everywhere else. A newline
 * followed by a statement keyword ({@code let}, {@code def}, {@code show}, {@code return} or a
 * declaration keyword) always ends a statement and closes any bracket left open inside the
 * current block, so one missing {@code )} does not swallow the rest of the file.
 */
final class SourceLayout {
  /** Tokens after which a newline continues the statement. */
  static final Set<Integer> CONTINUATION =
      Set.of(
          MoeLexer.PLUS, MoeLexer.MINUS, MoeLexer.STAR, MoeLexer.SLASH, MoeLexer.PERCENT,
          MoeLexer.AT, MoeLexer.POW, MoeLexer.EQ, MoeLexer.NE, MoeLexer.LT, MoeLexer.LE,
          MoeLexer.GT, MoeLexer.GE, MoeLexer.AND, MoeLexer.OR, MoeLexer.COMMA, MoeLexer.ASSIGN,
          MoeLexer.LPAREN, MoeLexer.LBRACK, MoeLexer.LBRACE, MoeLexer.COLON, MoeLexer.ARROW,
          MoeLexer.PIPE, MoeLexer.COMPOSE);

  /** Tokens after which <code>{</code> opens a block rather than a dict. */
  private static final Set<Integer> BLOCK_PRECEDERS =
      Set.of(
          MoeLexer.RPAREN, MoeLexer.RBRACK, MoeLexer.NAME, MoeLexer.EXPERT, MoeLexer.EXPERTS,
          MoeLexer.ROUTER, MoeLexer.LAYER, MoeLexer.MODEL, MoeLexer.MERGE, MoeLexer.NONE);

  /** Keywords that can only start a statement. */
  static final Set<Integer> STATEMENT_KEYWORDS =
      Set.of(
          MoeLexer.LET, MoeLexer.DEF, MoeLexer.SHOW, MoeLexer.RETURN, MoeLexer.EXPERT,
          MoeLexer.EXPERTS, MoeLexer.ROUTER, MoeLexer.LAYER, MoeLexer.MODEL, MoeLexer.MERGE);

  /**
   * What the pass found.
   *
   * @param aborted true when a limit was exceeded and the tokens must not be parsed
   * @param endsOpen true when more text could continue the last statement: a bracket is still
   *     open, the last token is an operator, or the last string has no closing quote
   */
  record Result(boolean aborted, boolean endsOpen) {}

  /** An open bracket; {@code block} is true for the brace of a {@code def} block. */
  private record Opener(Token token, boolean block) {}

  private final List<Token> tokens;
  private final SyntaxDiagnostics diagnostics;
  private final SpanFactory spans;
  private final Deque<Opener> open = new ArrayDeque<>();
  private int lastType = Token.INVALID_TYPE;
  private Token invalidRun;

  private SourceLayout(List<Token> tokens, SyntaxDiagnostics diagnostics, SpanFactory spans) {
    this.tokens = tokens;
    this.diagnostics = diagnostics;
    this.spans = spans;
  }

  /** Adjusts {@code tokens} in place (channels and types) and reports lexical errors. */
  static Result apply(List<Token> tokens, SyntaxDiagnostics diagnostics, SpanFactory spans) {
    return new SourceLayout(tokens, diagnostics, spans).run();
  }

  private Result run() {
    int[] next = nextSignificant();
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (!layOut(token, tokens.get(next[i]))) {
        return new Result(true, false);
      }
    }
    boolean endsOpen =
        !open.isEmpty()
            || CONTINUATION.contains(lastType)
            || lastType == MoeLexer.UNTERMINATED_STRING;
    return new Result(false, endsOpen);
  }

  /** Handles one token; returns false when the nesting limit is exceeded. */
  private boolean layOut(Token token, Token following) {
    int type = token.getType();
    if (type == Token.EOF) {
      return true;
    }
    if (type == MoeLexer.INVALID_CHAR) {
      reportInvalid(token);
      return true;
    }
    invalidRun = null;
    if (type == MoeLexer.NEWLINE) {
      layOutNewline(token, following);
      return true;
    }
    if (type == MoeLexer.UNTERMINATED_STRING) {
      reportUnterminated(token);
    } else if (isOpener(type)) {
      if (open.size() >= ParseLimits.MAX_BRACKET_DEPTH) {
        reportTooDeep(token);
        return false;
      }
      boolean block = type == MoeLexer.LBRACE && BLOCK_PRECEDERS.contains(lastType);
      open.push(new Opener(token, block));
    } else if (isCloser(type)) {
      close(type);
    }
    lastType = type;
    return true;
  }

  private void layOutNewline(Token newline, Token following) {
    if (STATEMENT_KEYWORDS.contains(following.getType())) {
      closeParensAndBrackets();
      lastType = MoeLexer.NEWLINE;
      return;
    }
    boolean insideBrackets = !open.isEmpty() && !open.peek().block();
    if (insideBrackets || CONTINUATION.contains(lastType)) {
      ((WritableToken) newline).setChannel(Token.HIDDEN_CHANNEL);
      return;
    }
    lastType = MoeLexer.NEWLINE;
  }

  private void closeParensAndBrackets() {
    while (!open.isEmpty() && !open.peek().block()) {
      open.pop();
    }
  }

  /** Pops up to the matching opener; a closer that matches nothing open is left to the parser. */
  private void close(int closerType) {
    int openerType = openerOf(closerType);
    if (open.stream().noneMatch(o -> o.token().getType() == openerType)) {
      return;
    }
    Opener popped;
    do {
      popped = open.pop();
    } while (popped.token().getType() != openerType);
  }

  private void reportInvalid(Token token) {
    ((WritableToken) token).setChannel(Token.HIDDEN_CHANNEL);
    boolean continuesRun =
        invalidRun != null && invalidRun.getStopIndex() + 1 == token.getStartIndex();
    invalidRun = token;
    if (continuesRun || diagnostics.isFull()) {
      return;
    }
    int codePoint = token.getText().codePointAt(0);
    diagnostics.error(
        SyntaxDiagnostics.INVALID_CHARACTER,
        String.format("Invalid character '%s' (U+%04X).", printable(codePoint), codePoint),
        spans.token(token),
        "Remove it; text belongs in quotes, comments start with '#'.");
  }

  private void reportUnterminated(Token token) {
    ((WritableToken) token).setType(MoeLexer.STRING);
    if (diagnostics.isFull()) {
      return;
    }
    String quote = token.getText().substring(0, 1);
    diagnostics.error(
        SyntaxDiagnostics.UNTERMINATED_STRING,
        "Unterminated string: the closing " + quote + " is missing.",
        spans.token(token),
        "A string ends on the line where it starts; add "
            + quote
            + ", or write \\n for a line break.");
  }

  private void reportTooDeep(Token token) {
    diagnostics.error(
        SyntaxDiagnostics.LIMIT_EXCEEDED,
        "Brackets are nested more than " + ParseLimits.MAX_BRACKET_DEPTH + " deep.",
        spans.token(token),
        "Give inner parts names with 'let'.");
  }

  /** For each token, the index of the next token that is neither a newline nor invalid. */
  private int[] nextSignificant() {
    int[] next = new int[tokens.size()];
    int last = tokens.size() - 1;
    next[last] = last;
    for (int i = last - 1; i >= 0; i--) {
      int type = tokens.get(i + 1).getType();
      boolean skip = type == MoeLexer.NEWLINE || type == MoeLexer.INVALID_CHAR;
      next[i] = skip ? next[i + 1] : i + 1;
    }
    return next;
  }

  private static String printable(int codePoint) {
    return Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
        ? "\\u" + String.format("%04X", codePoint)
        : new String(Character.toChars(codePoint));
  }

  private static boolean isOpener(int type) {
    return type == MoeLexer.LPAREN || type == MoeLexer.LBRACK || type == MoeLexer.LBRACE;
  }

  private static boolean isCloser(int type) {
    return type == MoeLexer.RPAREN || type == MoeLexer.RBRACK || type == MoeLexer.RBRACE;
  }

  private static int openerOf(int closerType) {
    if (closerType == MoeLexer.RPAREN) {
      return MoeLexer.LPAREN;
    }
    return closerType == MoeLexer.RBRACK ? MoeLexer.LBRACK : MoeLexer.LBRACE;
  }
}
