package org.moelab.grammar.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;

/** Questions about parse trees built with error recovery. */
final class ParseTrees {
  private ParseTrees() {}

  /**
   * True when the subtree holds an error node or a context that caught a syntax error. Walks with
   * an explicit stack, so deep trees cannot overflow the Java stack.
   */
  static boolean containsError(ParserRuleContext root) {
    Deque<ParseTree> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      ParseTree node = pending.pop();
      if (node instanceof ErrorNode) {
        return true;
      }
      if (node instanceof ParserRuleContext ctx) {
        if (ctx.exception != null) {
          return true;
        }
        if (ctx.children != null) {
          ctx.children.forEach(pending::push);
        }
      }
    }
    return false;
  }
}
