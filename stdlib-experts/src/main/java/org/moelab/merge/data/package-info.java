/**
 * Data-aware merges: Fisher merging (diagonal Fisher from squared gradients) and RegMean (Gram
 * matrices of each linear layer's inputs).
 */
package org.moelab.merge.data;
