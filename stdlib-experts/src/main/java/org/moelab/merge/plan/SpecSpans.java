package org.moelab.merge.plan;

import java.util.List;
import java.util.Objects;
import org.moelab.source.SourceSpan;

/**
 * Where the top-level parts of a {@link MergeSpec} are written in its config, so plan problems
 * about them point there; {@link SourceSpan#NONE} for a part that is absent or not from a config.
 * Models, slice sources and parameters carry their own spans.
 *
 * @param method the {@code merge_method} value
 * @param baseModel the {@code base_model} value
 * @param dtype the {@code dtype} value
 * @param outDtype the {@code out_dtype} value
 * @param models the {@code models} key
 * @param slices the {@code slices} key
 * @param sliceSources per slice, its {@code sources} key (the slice itself when that is missing)
 */
public record SpecSpans(SourceSpan method, SourceSpan baseModel, SourceSpan dtype, SourceSpan outDtype,
    SourceSpan models, SourceSpan slices, List<SourceSpan> sliceSources) {
  /** No positions: a spec built in code or by the language. */
  public static final SpecSpans NONE = new SpecSpans(SourceSpan.NONE, SourceSpan.NONE, SourceSpan.NONE,
      SourceSpan.NONE, SourceSpan.NONE, SourceSpan.NONE, List.of());

  /** Checks the spans and copies the list. */
  public SpecSpans {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(baseModel, "baseModel");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(outDtype, "outDtype");
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(slices, "slices");
    sliceSources = List.copyOf(sliceSources);
  }

  /** Where slice {@code index} (0-based) lists its sources, or {@link SourceSpan#NONE}. */
  public SourceSpan sliceSources(int index) {
    return index < sliceSources.size() ? sliceSources.get(index) : SourceSpan.NONE;
  }
}
