package org.moelab.merge.plan;

import java.util.List;
import java.util.Map;
import org.moelab.merge.MergeMethod;

/**
 * What to merge, before it is checked against the checkpoints: mergekit's configuration.
 *
 * @param method the merge method
 * @param baseModel the base checkpoint, or null
 * @param models the models (empty when {@code slices} is used)
 * @param slices output slices, each a list of sources with equal layer counts (empty with models)
 * @param parameters global parameters
 * @param dtype the working dtype named in the config (computation is always f32), or null
 * @param outDtype the output dtype ({@code float32}, {@code bfloat16}, {@code float16}), or null
 *     for {@code dtype}, else the base's dtype per tensor
 */
public record MergeSpec(MergeMethod method, String baseModel, List<ModelRef> models, List<List<SliceSource>> slices,
    Map<String, ParamSetting> parameters, String dtype, String outDtype) {
  /** Copies the collections. */
  public MergeSpec {
    models = List.copyOf(models);
    slices = slices.stream().map(List::copyOf).toList();
    parameters = Map.copyOf(parameters);
  }
}
