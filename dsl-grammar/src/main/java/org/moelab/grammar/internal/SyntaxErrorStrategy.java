package org.moelab.grammar.internal;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery (single-token insertion and deletion, then resynchronising on the follow sets,
 * newlines included) with messages in words: "Expected ')' to close the call opened at 3:10,
 * found 'let'." The messages go to the parser's error listeners, where {@link
 * SyntaxErrorListener} turns them into diagnostics.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {
  private static final IntervalSet STATEMENT_BOUNDARY =
      new IntervalSet(MoeLexer.NEWLINE, MoeLexer.SEMI, Token.EOF);

  private int reported;

  /**
   * Between statements, skips a token that cannot start or end a statement up to the next
   * newline or {@code ;} (or the <code>}</code> that ends the block), reporting it unless an
   * earlier error in the same statement already was; elsewhere, ANTLR's usual behaviour.
   */
  @Override
  public void sync(Parser parser) {
    if (!(parser.getContext() instanceof MoeParser.StatementsContext)) {
      super.sync(parser);
      return;
    }
    IntervalSet expected = parser.getExpectedTokens();
    if (expected.contains(parser.getInputStream().LA(1))) {
      return;
    }
    reportUnwantedToken(parser);
    IntervalSet boundary = new IntervalSet(STATEMENT_BOUNDARY);
    if (expected.contains(MoeLexer.RBRACE)) {
      boundary.add(MoeLexer.RBRACE);
    }
    consumeUntil(parser, boundary);
  }

  /** Reports like ANTLR does, but stops putting errors into words once the list is full. */
  @Override
  public void reportError(Parser parser, RecognitionException e) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    if (reported++ >= ParseLimits.MAX_DIAGNOSTICS) {
      beginErrorCondition(parser);
      return;
    }
    super.reportError(parser, e);
  }

  @Override
  protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
    Token found = e.getOffendingToken();
    String message =
        e.getStartToken() == found
            ? expectedFound(parser, e.getExpectedTokens(), found)
            : "Unexpected " + TokenWords.found(found) + ".";
    parser.notifyErrorListeners(found, message, e);
  }

  @Override
  protected void reportInputMismatch(Parser parser, InputMismatchException e) {
    Token found = e.getOffendingToken();
    parser.notifyErrorListeners(found, expectedFound(parser, e.getExpectedTokens(), found), e);
  }

  @Override
  protected void reportFailedPredicate(Parser parser, FailedPredicateException e) {
    Token found = e.getOffendingToken();
    parser.notifyErrorListeners(found, "Unexpected " + TokenWords.found(found) + ".", e);
  }

  @Override
  protected void reportUnwantedToken(Parser parser) {
    reportAtCurrentToken(parser);
  }

  @Override
  protected void reportMissingToken(Parser parser) {
    reportAtCurrentToken(parser);
  }

  private void reportAtCurrentToken(Parser parser) {
    if (inErrorRecoveryMode(parser)) {
      return;
    }
    beginErrorCondition(parser);
    if (reported++ >= ParseLimits.MAX_DIAGNOSTICS) {
      return;
    }
    Token found = parser.getCurrentToken();
    String message = expectedFound(parser, getExpectedTokens(parser), found);
    parser.notifyErrorListeners(found, message, null);
  }

  private static String expectedFound(Parser parser, IntervalSet expected, Token found) {
    String wanted = TokenWords.expected(expected, OpenBracket.innermost(parser.getContext()));
    return "Expected " + wanted + ", found " + TokenWords.found(found) + ".";
  }
}
