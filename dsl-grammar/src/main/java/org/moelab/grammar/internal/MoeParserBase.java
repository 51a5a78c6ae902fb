package org.moelab.grammar.internal;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.TokenStream;

/**
 * Superclass of the generated {@code MoeParser}: counts how deeply rules nest and stops at
 * {@link ParseLimits#MAX_RULE_DEPTH} with a {@link NestingLimitException}, so no input can make
 * the parser overflow the Java stack.
 */
public abstract class MoeParserBase extends Parser {
  private int depth;

  /** Creates a parser reading {@code input}. */
  protected MoeParserBase(TokenStream input) {
    super(input);
  }

  @Override
  public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
    enterNested();
    super.enterRule(localctx, state, ruleIndex);
  }

  @Override
  public void enterRecursionRule(
      ParserRuleContext localctx, int state, int ruleIndex, int precedence) {
    enterNested();
    super.enterRecursionRule(localctx, state, ruleIndex, precedence);
  }

  @Override
  public void exitRule() {
    depth--;
    super.exitRule();
  }

  @Override
  public void unrollRecursionContexts(ParserRuleContext parentctx) {
    depth--;
    super.unrollRecursionContexts(parentctx);
  }

  @Override
  public void reset() {
    super.reset();
    depth = 0;
  }

  private void enterNested() {
    if (depth >= ParseLimits.MAX_RULE_DEPTH) {
      throw new NestingLimitException(getCurrentToken(), abandonUnfinishedStatement());
    }
    depth++;
  }

  /** Removes the top-level statement being parsed from the tree; returns the tree's root. */
  private ParserRuleContext abandonUnfinishedStatement() {
    ParserRuleContext statement = null;
    ParserRuleContext statements = null;
    ParserRuleContext ctx = getContext();
    while (ctx.getParent() != null) {
      statement = statements;
      statements = ctx;
      ctx = ctx.getParent();
    }
    boolean unfinishedIsLast =
        statement != null
            && statements.getChildCount() > 0
            && statements.getChild(statements.getChildCount() - 1) == statement;
    if (unfinishedIsLast) {
      statements.removeLastChild();
    }
    return ctx;
  }
}
