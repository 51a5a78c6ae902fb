/**
 * Weight merging: the per-tensor math of every merge method, exact to mergekit's conventions
 * (see {@code docs/merging.md}), independent of how tensors are read or written.
 *
 * <p>{@link org.moelab.merge.TensorMerge} is the entry point: it takes the tensors of one parameter
 * as float arrays, the method, its options and each model's parameters, and returns the merged
 * values. Sub-packages plan and stream whole checkpoints, read mergekit YAML, and expose merges to
 * the language.
 */
package org.moelab.merge;
