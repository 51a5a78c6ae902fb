/**
 * Merges in the language: {@code checkpoint(path)}, one built-in per method ({@code merge_linear},
 * {@code ties}, {@code dare_ties}, ...), {@code mergekit(path)} and {@code save_merge(m, dir)}.
 * Merging checkpoints gives a lazy merge value run by {@code save_merge}; merging dicts of
 * tensors (or tensors) computes the result at once.
 */
package org.moelab.merge.lang;
