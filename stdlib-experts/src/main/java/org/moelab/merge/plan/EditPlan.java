package org.moelab.merge.plan;

/**
 * A checked task-vector edit of checkpoints. Its {@link MergePlan} lists the sources (the inputs in
 * the spec's order) and the output tensors: an edited tensor has method {@code LINEAR} (what is
 * computed is the spec's edit, not a linear merge) and its inputs as {@code models} in the spec's
 * order; a tensor copied as it is has {@code PASSTHROUGH} and one model: integer tensors from the
 * edited input ({@link org.moelab.merge.delta.EditMethod#primary}), and delta_come's tensors that
 * are not 2-D from the model.
 *
 * @param plan the sources and output tensors
 * @param spec the edit and its parameters
 */
public record EditPlan(MergePlan plan, EditSpec spec) {}
