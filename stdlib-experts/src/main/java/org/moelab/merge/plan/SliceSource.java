package org.moelab.merge.plan;

import java.util.Map;
import java.util.Objects;
import org.moelab.source.SourceSpan;

/**
 * A layer range of one model feeding an output slice.
 *
 * @param model the checkpoint
 * @param start the first layer (inclusive)
 * @param end the last layer (exclusive), as mergekit's {@code layer_range}
 * @param parameters this source's parameters
 * @param at where {@code model} is written in the config, or {@link SourceSpan#NONE}
 * @param rangeAt where {@code layer_range} is written, or {@link SourceSpan#NONE}
 */
public record SliceSource(String model, int start, int end, Map<String, ParamSetting> parameters, SourceSpan at,
    SourceSpan rangeAt) {
  /** Copies the map. */
  public SliceSource {
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(rangeAt, "rangeAt");
  }

  /** A source not read from a config. */
  public SliceSource(String model, int start, int end, Map<String, ParamSetting> parameters) {
    this(model, start, end, parameters, SourceSpan.NONE, SourceSpan.NONE);
  }

  /** The number of layers. */
  public int length() {
    return end - start;
  }
}
