package org.moelab.merge.plan;

import java.util.List;
import org.moelab.merge.data.DataMethod;

/**
 * A data-aware merge of checkpoints as asked for, before any file is opened: the models, one
 * statistics checkpoint per model (its diagonal Fisher, or its Grams keyed by weight name), the
 * weights and the method's parameter.
 *
 * @param method Fisher merging or RegMean
 * @param models the model checkpoints (directories or .safetensors files)
 * @param statistics one statistics checkpoint per model, in the same order
 * @param weights one weight per model (Fisher merging; empty: all 1)
 * @param parameter {@code fisher_floor} for Fisher merging, {@code alpha} for RegMean
 * @param outDtype f32, bf16 or f16 (any of the names {@link Planner} takes), or null for each
 *     tensor's dtype in the first model
 */
public record DataMergeSpec(DataMethod method, List<String> models, List<String> statistics, List<Double> weights,
    double parameter, String outDtype) {
  /** Copies the lists. */
  public DataMergeSpec {
    models = List.copyOf(models);
    statistics = List.copyOf(statistics);
    weights = List.copyOf(weights);
  }
}
