/**
 * The tensor-graph IR: one immutable, hash-consed {@link org.moelab.ir.Node} type, an {@link
 * org.moelab.ir.Op} enum grouped in {@link org.moelab.ir.OpFamily families}, rewrite rules as data,
 * a verifier and a readable dump.
 */
package org.moelab.ir;
