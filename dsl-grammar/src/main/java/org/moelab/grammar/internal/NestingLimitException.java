package org.moelab.grammar.internal;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Stops the parser when rules nest deeper than {@link ParseLimits#MAX_RULE_DEPTH}, before the Java
 * stack overflows. Parsing ends there: the statement being parsed is dropped from the tree, and
 * {@link SyntaxPipeline} reports {@code E0004} and keeps the statements before it.
 */
final class NestingLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Token offendingToken;
  private final transient ParserRuleContext root;

  NestingLimitException(Token offendingToken, ParserRuleContext root) {
    super(null, null, false, false);
    this.offendingToken = offendingToken;
    this.root = root;
  }

  /** The token at which the limit was reached. */
  Token offendingToken() {
    return offendingToken;
  }

  /** The root of the parse tree, holding the statements finished before the limit. */
  ParserRuleContext root() {
    return root;
  }
}
