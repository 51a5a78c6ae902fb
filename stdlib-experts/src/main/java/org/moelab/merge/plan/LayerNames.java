package org.moelab.merge.plan;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the layer index in a tensor name ({@code model.layers.7.mlp.up_proj.weight}, {@code
 * transformer.h.7...}, {@code blocks.7...}) and renumbers it, for gradients and slices.
 */
public final class LayerNames {
  private static final Pattern LAYER = Pattern.compile("(^|\\.)(layers|h|blocks|layer)\\.(\\d+)(\\.|$)");

  private LayerNames() {}

  /** The layer index of {@code name}, if it belongs to a numbered layer. */
  public static OptionalInt layerOf(String name) {
    Matcher m = LAYER.matcher(name);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(3))) : OptionalInt.empty();
  }

  /** {@code name} with its layer index replaced by {@code index}. */
  public static String withLayer(String name, int index) {
    Matcher m = LAYER.matcher(name);
    if (!m.find()) {
      throw new IllegalArgumentException(name + " has no layer index");
    }
    return name.substring(0, m.start(3)) + index + name.substring(m.end(3));
  }

  /**
   * Where a tensor outside the layers sits for gradients: 0 for embeddings (before the layers),
   * 1 for everything else (final norm, output head), as mergekit's pre- and post-weights.
   */
  public static double depthOfNonLayer(String name) {
    return name.contains("embed") || name.contains("wte") || name.contains("wpe") ? 0.0 : 1.0;
  }
}
