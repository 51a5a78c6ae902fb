/**
 * Runs a checked {@link org.moelab.merge.plan.MergePlan} out of core: one output tensor at a time,
 * inputs read with positional reads (not memory mapping, so the process's resident set stays
 * bounded by a few tensors), merged in f32, written as they finish into a sharded checkpoint that
 * appears atomically when the last tensor is written.
 */
package org.moelab.merge.stream;
