package org.moelab.merge.plan;

import java.util.Map;

/**
 * A layer range of one model feeding an output slice.
 *
 * @param model the checkpoint
 * @param start the first layer (inclusive)
 * @param end the last layer (exclusive), as mergekit's {@code layer_range}
 * @param parameters this source's parameters
 */
public record SliceSource(String model, int start, int end, Map<String, ParamSetting> parameters) {
  /** Copies the map. */
  public SliceSource {
    parameters = Map.copyOf(parameters);
  }

  /** The number of layers. */
  public int length() {
    return end - start;
  }
}
