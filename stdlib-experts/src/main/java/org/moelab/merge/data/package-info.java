/**
 * Data-aware merges: Fisher merging (diagonal Fisher from squared gradients) and RegMean (Gram
 * matrices of each linear layer's inputs). The same code merges dicts in memory and checkpoints out
 * of core: {@link org.moelab.merge.data.FisherMerge#mergeInto} works on element ranges, {@link
 * org.moelab.merge.data.RegMeanLayer} takes Grams in row chunks and solves blocks of output rows.
 */
package org.moelab.merge.data;
