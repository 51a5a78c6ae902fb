/**
 * Symbolic tensor shapes and their rules, shared by the static checker (symbols such as {@code B})
 * and graph building (fixed sizes).
 */
package org.moelab.types;
