/**
 * Merge plans: a {@link org.moelab.merge.plan.MergeSpec} (what mergekit YAML or the language asks
 * for) is checked against the checkpoints' headers by {@link org.moelab.merge.plan.Planner} before
 * any tensor data is read, giving a {@link org.moelab.merge.plan.MergePlan} of output tensors with
 * their inputs and resolved parameters, or every problem at once in a {@link
 * org.moelab.merge.plan.PlanException}.
 */
package org.moelab.merge.plan;
