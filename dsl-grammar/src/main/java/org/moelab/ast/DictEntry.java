package org.moelab.ast;

import org.moelab.source.SourceSpan;

/** One {@code key: value} entry of a dict literal. */
public record DictEntry(Expr key, Expr value, SourceSpan span) implements Node {}
