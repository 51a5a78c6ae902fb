package org.moelab.merge.plan;

import java.util.List;
import java.util.Map;
import org.moelab.merge.data.DataMethod;

/**
 * A checked data-aware merge. Its {@link MergePlan} lists the sources (models, then statistics
 * checkpoints) and the output tensors; a tensor's {@code models} are the models' tensors and its
 * {@code params} carry the weights, its method is {@code LINEAR} (a weighted combination; what
 * combination is decided here) or {@code PASSTHROUGH} for integer tensors copied from the first
 * model. The statistics of each merged tensor are in a side table.
 *
 * @param plan the sources and output tensors
 * @param method Fisher merging or RegMean
 * @param parameter {@code fisher_floor} or {@code alpha}
 * @param statistics output name → one statistics tensor per model: the Fishers of every merged
 *     tensor, the Grams of RegMean's linear weights; RegMean averages tensors not listed here
 */
public record DataMergePlan(MergePlan plan, DataMethod method, double parameter,
    Map<String, List<TensorRef>> statistics) {
  /** Copies the table. */
  public DataMergePlan {
    statistics = Map.copyOf(statistics);
  }

  /** The statistics tensors of output {@code name}, one per model, or an empty list when it has none. */
  public List<TensorRef> statisticsOf(String name) {
    return statistics.getOrDefault(name, List.of());
  }
}
