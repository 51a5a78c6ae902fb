/**
 * mergekit YAML configurations: {@link org.moelab.merge.config.MergekitYaml} reads them into a
 * {@link org.moelab.merge.plan.MergeSpec} whose values keep their place in the file (SnakeYAML
 * nodes, read by package-private readers); {@link org.moelab.merge.config.ConfigReport} prints the
 * problems of a config as diagnostics ({@code file:line:col}, the line and a caret); {@link
 * org.moelab.merge.config.MoeSource} writes the equivalent {@code .moe} program ({@code moe
 * import}).
 */
package org.moelab.merge.config;
