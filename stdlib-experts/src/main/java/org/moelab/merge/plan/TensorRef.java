package org.moelab.merge.plan;

/**
 * A tensor in one of the plan's sources.
 *
 * @param source the index into {@link MergePlan#sources()}
 * @param name the tensor's name in that source
 */
public record TensorRef(int source, String name) {}
