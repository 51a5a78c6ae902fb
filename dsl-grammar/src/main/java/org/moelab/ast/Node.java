package org.moelab.ast;

import org.moelab.source.SourceSpan;

/** Every AST node: immutable, and knows where in the source it came from. */
public sealed interface Node permits Program, Stmt, Expr, TypeExpr, Param, Arg, DictEntry, IndexItem {
  /** The source text this node was parsed from. */
  SourceSpan span();
}
