/**
 * Reading {@code .moe} text: {@link org.moelab.grammar.MoeSyntax} parses a {@link
 * org.moelab.source.Source} into an {@link org.moelab.ast.Program} with syntax diagnostics, and
 * judges whether console input is complete. ANTLR stays behind this package, in {@code
 * org.moelab.grammar.internal}.
 */
package org.moelab.grammar;
