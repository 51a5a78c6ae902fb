package org.moelab.ast;

import java.util.Optional;
import org.moelab.source.SourceSpan;

/** One comma-separated item inside {@code target[...]}. */
public sealed interface IndexItem extends Node {

  /** A single index or key: {@code t[0]}, {@code m["w"]}. */
  record At(Expr index, SourceSpan span) implements IndexItem {}

  /** A slice {@code start:stop:step}, each part optional: {@code t[:, 1:3]}. */
  record Slice(Optional<Expr> start, Optional<Expr> stop, Optional<Expr> step, SourceSpan span)
      implements IndexItem {}
}
