/**
 * The abstract syntax tree of {@code .moe}: sealed interfaces of immutable records, each node with
 * its {@link org.moelab.source.SourceSpan}. Analyses keep their results in side tables; the tree
 * itself never changes.
 */
package org.moelab.ast;
