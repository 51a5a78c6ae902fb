package org.moelab.ast;

import java.util.Optional;
import org.moelab.source.SourceSpan;

/** A function parameter: {@code name (: type)? (= default)?}. */
public record Param(String name, Optional<TypeExpr> type, Optional<Expr> defaultValue, SourceSpan span)
    implements Node {}
