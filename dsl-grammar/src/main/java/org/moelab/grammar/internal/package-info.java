/**
 * The ANTLR side of parsing: generated lexer and parser, the layout pass that decides which
 * newlines end statements, error messages in words, limits, and {@link
 * org.moelab.grammar.internal.ParseTreeToAst}. Only {@link
 * org.moelab.grammar.internal.SyntaxPipeline} is used from outside, and no ANTLR type appears in
 * its signature; other modules use {@link org.moelab.grammar.MoeSyntax}.
 */
package org.moelab.grammar.internal;
