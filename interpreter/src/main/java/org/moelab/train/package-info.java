/**
 * Training in the language: optimizers with PyTorch's exact update rules, learning-rate schedules,
 * gradient clipping, data sets and loaders, the {@code train} loop over traced forward and backward
 * graphs, and its report.
 */
package org.moelab.train;
