package org.moelab.train;

import java.util.Map;
import org.moelab.runtime.Callable;
import org.moelab.runtime.TensorValue;
import org.moelab.source.SourceSpan;

/**
 * Everything {@code train(...)} was asked to do, validated.
 *
 * @param model the model: a callable from a batch of inputs to predictions (or to a dict with
 *     {@code output} and aux-loss entries)
 * @param data training examples
 * @param val validation examples, or null
 * @param params the tensors to train, by name (frozen ones left out)
 * @param loss {@code cross_entropy}, {@code mse}, or null when {@code lossFn} is given
 * @param lossFn a callable (predictions, targets) → scalar, or null
 * @param aux coefficients of aux losses the model returns by name
 * @param optimizer the optimizer
 * @param groups parameter groups with their own learning rate or weight decay (first match wins)
 * @param batchSize examples per step
 * @param epochs passes over the data (ignored when {@code steps} is set)
 * @param steps total updates, or -1
 * @param clip global gradient-norm bound, or null
 * @param seed shuffling seed
 * @param progress whether to show an updating progress display
 * @param span the call, for errors
 */
record TrainConfig(Callable model, Dataset data, Dataset val, Map<String, TensorValue> params, String loss,
    Callable lossFn, Map<String, Double> aux, OptimizerConfig optimizer, java.util.List<ParamGroup> groups, int batchSize, long epochs, long steps,
    Double clip, long seed, boolean progress, SourceSpan span) {}
