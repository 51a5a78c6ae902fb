package org.moelab.train;

/**
 * One epoch's summary in a training report.
 *
 * @param epoch 1-based epoch number
 * @param steps updates so far
 * @param trainLoss mean training loss over the epoch's steps
 * @param trainAccuracy training accuracy over the epoch (NaN when not classifying)
 * @param valLoss validation loss after the epoch (NaN without validation data)
 * @param valAccuracy validation accuracy after the epoch (NaN when not available)
 */
record EpochStats(long epoch, long steps, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy) {}
