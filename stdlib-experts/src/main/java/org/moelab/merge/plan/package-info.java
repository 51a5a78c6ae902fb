/**
 * Merge plans: a {@link org.moelab.merge.plan.MergeSpec} (what mergekit YAML or the language asks
 * for) is checked against the checkpoints' headers by {@link org.moelab.merge.plan.Planner} before
 * any tensor data is read, giving a {@link org.moelab.merge.plan.MergePlan} of output tensors with
 * their inputs and resolved parameters, or every problem at once in a {@link
 * org.moelab.merge.plan.PlanException}. Specs read from a config carry the spans of their values
 * ({@link org.moelab.merge.plan.SpecSpans}, and on models, slice sources and settings), so each
 * {@link org.moelab.merge.plan.PlanProblem} points at the value that caused it. Data-aware merges
 * of checkpoints are checked the same way by {@link org.moelab.merge.plan.DataMergePlanner}, and
 * task-vector edits of checkpoints by {@link org.moelab.merge.plan.EditPlanner}.
 */
package org.moelab.merge.plan;
