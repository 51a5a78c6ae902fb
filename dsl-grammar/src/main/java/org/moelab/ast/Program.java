package org.moelab.ast;

import java.util.List;
import org.moelab.source.SourceSpan;

/** A whole file or notebook cell: statements in order. */
public record Program(List<Stmt> statements, SourceSpan span) implements Node {
  public Program {
    statements = List.copyOf(statements);
  }
}
