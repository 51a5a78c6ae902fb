package org.moelab.merge.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.moelab.merge.MergeMethod;
import org.moelab.source.SourceSpan;

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
 * @param spans where the top-level values are written in the config
 */
public record MergeSpec(MergeMethod method, String baseModel, List<ModelRef> models, List<List<SliceSource>> slices,
    Map<String, ParamSetting> parameters, String dtype, String outDtype, SpecSpans spans) {
  /** Copies the collections. */
  public MergeSpec {
    models = List.copyOf(models);
    slices = slices.stream().map(List::copyOf).toList();
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(spans, "spans");
  }

  /** A spec not read from a config. */
  public MergeSpec(MergeMethod method, String baseModel, List<ModelRef> models, List<List<SliceSource>> slices,
      Map<String, ParamSetting> parameters, String dtype, String outDtype) {
    this(method, baseModel, models, slices, parameters, dtype, outDtype, SpecSpans.NONE);
  }

  /** This spec writing {@code outDtype} instead (the spans stay; the new value has none). */
  public MergeSpec withOutDtype(String outDtype) {
    SpecSpans s = new SpecSpans(spans.method(), spans.baseModel(), spans.dtype(), SourceSpan.NONE,
        spans.models(), spans.slices(), spans.sliceSources());
    return new MergeSpec(method, baseModel, models, slices, parameters, dtype, outDtype, s);
  }
}
