/**
 * Reverse-mode automatic differentiation as a graph-to-graph transform on the IR: {@link
 * org.moelab.autodiff.Gradients} turns a scalar output node into gradient nodes for chosen inputs.
 * The backward graph is plain IR, so it runs on every backend; {@link
 * org.moelab.autodiff.Substitution} re-targets a traced graph (forward and backward) at new inputs.
 */
package org.moelab.autodiff;
