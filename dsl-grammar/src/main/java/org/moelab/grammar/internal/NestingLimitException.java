package org.moelab.grammar.internal;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;

/**
 * Thrown by the parser when rules nest deeper than {@link ParseLimits#MAX_RULE_DEPTH}. It is a
 * {@link RecognitionException}, so the enclosing rule reports it ({@code E0004}) and recovers like
 * from any syntax error instead of overflowing the stack.
 */
final class NestingLimitException extends RecognitionException {
  NestingLimitException(Parser parser) {
    super(parser, parser.getInputStream(), parser.getContext());
    setOffendingToken(parser.getCurrentToken());
  }
}
