/**
 * Runs a checked {@link org.moelab.merge.plan.MergePlan} out of core: one output tensor at a time,
 * merged in f32, written as they finish into a sharded checkpoint that appears atomically when the
 * last tensor is written. TIES and its kin go in one pass over their inputs, a chunk at a time
 * ({@link org.moelab.merge.stream.SinglePassMerge}); the rest, and what that pass cannot settle, go
 * in row blocks. Inputs are read with positional reads, so the process's resident set stays
 * bounded by the block budget, not the model. Finished shards are recorded as
 * they are synced, so a rerun of an interrupted merge keeps them and merges only the rest ({@link
 * org.moelab.merge.stream.StreamingMerge}). Data-aware merges of checkpoints (Fisher merging,
 * RegMean: a {@link org.moelab.merge.plan.DataMergePlan}) run the same way, their tensors merged by
 * the in-memory code applied a block at a time ({@link org.moelab.merge.stream.DataMergeStreaming}),
 * and so do the task-vector edits of checkpoints ({@link org.moelab.merge.stream.EditStreaming}).
 */
package org.moelab.merge.stream;
