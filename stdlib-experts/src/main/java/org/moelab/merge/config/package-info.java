/**
 * mergekit YAML configurations: {@link org.moelab.merge.config.MergekitYaml} reads them into a
 * {@link org.moelab.merge.plan.MergeSpec}; {@link org.moelab.merge.config.MoeSource} writes the
 * equivalent {@code .moe} program ({@code moe import}).
 */
package org.moelab.merge.config;
