package org.moelab.ast;

import java.util.Optional;
import org.moelab.source.SourceSpan;

/** A call argument, positional or {@code keyword = value}. */
public record Arg(Optional<String> keyword, Expr value, SourceSpan span) implements Node {
  /** True for {@code keyword = value}. */
  public boolean isKeyword() {
    return keyword.isPresent();
  }
}
