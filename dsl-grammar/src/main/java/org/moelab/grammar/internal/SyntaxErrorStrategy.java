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
  private boolean limitReported;

  @Override
  public void reportError(Parser parser, RecognitionException e) {
    if (e instanceof NestingLimitException) {
      reportLimit(parser, e);
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
    Token found = parser.getCurrentToken();
    parser.notifyErrorListeners(found, expectedFound(parser, getExpectedTokens(parser), found), null);
  }

  private void reportLimit(Parser parser, RecognitionException e) {
    beginErrorCondition(parser);
    if (limitReported) {
      return;
    }
    limitReported = true;
    String message =
        "The expression is nested too deeply; the parser stops at "
            + ParseLimits.MAX_RULE_DEPTH
            + " levels.";
    parser.notifyErrorListeners(e.getOffendingToken(), message, e);
  }

  private static String expectedFound(Parser parser, IntervalSet expected, Token found) {
    String wanted = TokenWords.expected(expected, OpenBracket.innermost(parser.getContext()));
    return "Expected " + wanted + ", found " + TokenWords.found(found) + ".";
  }
}
