package org.moelab.grammar.internal;

import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The innermost bracket still open where a syntax error happened, and what it opened (a call, a
 * list, a block, ...), so messages can say "to close the call opened at 3:10".
 *
 * @param opener the opening bracket token
 * @param closerType the token type that closes it
 * @param what what the bracket encloses, in words
 */
record OpenBracket(Token opener, int closerType, String what) {

  /** Searches {@code context} and its ancestors for an opening bracket not yet closed. */
  static Optional<OpenBracket> innermost(ParserRuleContext context) {
    for (ParserRuleContext ctx = context; ctx != null; ctx = ctx.getParent()) {
      Optional<Token> opener = unclosedOpener(ctx.children);
      if (opener.isPresent()) {
        Token token = opener.get();
        return Optional.of(new OpenBracket(token, closerOf(token.getType()), describe(ctx, token)));
      }
    }
    return Optional.empty();
  }

  /** {@code ')' to close the call opened at 3:10}. */
  String closingPhrase() {
    return TokenWords.name(closerType)
        + " to close the "
        + what
        + " opened at "
        + opener.getLine()
        + ":"
        + (opener.getCharPositionInLine() + 1);
  }

  private static Optional<Token> unclosedOpener(List<ParseTree> children) {
    if (children == null) {
      return Optional.empty();
    }
    int closed = 0;
    for (int i = children.size() - 1; i >= 0; i--) {
      if (!(children.get(i) instanceof TerminalNode terminal)) {
        continue;
      }
      int type = terminal.getSymbol().getType();
      if (isCloser(type) && terminal.getSymbol().getTokenIndex() >= 0) {
        closed++;
      } else if (isOpener(type) && terminal.getSymbol().getTokenIndex() >= 0) {
        if (closed == 0) {
          return Optional.of(terminal.getSymbol());
        }
        closed--;
      }
    }
    return Optional.empty();
  }

  private static String describe(ParserRuleContext ctx, Token opener) {
    if (ctx instanceof MoeParser.CallContext) {
      return "call";
    }
    if (ctx instanceof MoeParser.IndexContext) {
      return "index";
    }
    if (ctx instanceof MoeParser.ParenthesizedContext) {
      return "parenthesis";
    }
    if (ctx instanceof MoeParser.ListOrComprehensionContext) {
      return "list";
    }
    if (ctx instanceof MoeParser.DictLiteralContext) {
      return "dict";
    }
    if (ctx instanceof MoeParser.BlockBodyContext) {
      return "block";
    }
    if (ctx instanceof MoeParser.TypeExprContext) {
      return "type arguments";
    }
    return opener.getType() == MoeLexer.LBRACK ? "count" : "parameter list";
  }

  private static boolean isOpener(int type) {
    return type == MoeLexer.LPAREN || type == MoeLexer.LBRACK || type == MoeLexer.LBRACE;
  }

  private static boolean isCloser(int type) {
    return type == MoeLexer.RPAREN || type == MoeLexer.RBRACK || type == MoeLexer.RBRACE;
  }

  private static int closerOf(int openerType) {
    if (openerType == MoeLexer.LPAREN) {
      return MoeLexer.RPAREN;
    }
    return openerType == MoeLexer.LBRACK ? MoeLexer.RBRACK : MoeLexer.RBRACE;
  }
}
