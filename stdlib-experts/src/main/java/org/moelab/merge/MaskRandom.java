package org.moelab.merge;

import java.nio.charset.StandardCharsets;

/**
 * Counter-based uniform numbers for random masks: element {@code i} of model {@code m}'s mask for
 * tensor {@code name} depends only on (seed, name, m, i), never on the order tensors are merged
 * in, so results are the same serially, in parallel, or streamed in blocks.
 *
 * <p>The generator is SplitMix64's finaliser over a key: {@code key = mix(mix(seed) ^ fnv1a(name)
 * ^ mix(m + 1))}; {@code u_i = (mix(key + i) >>> 11) · 2⁻⁵³}. An element is kept when {@code u_i <
 * p}. {@code tools/fixtures/gen_merge_fixtures.py} reimplements this to build reference masks.
 */
public final class MaskRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private final long key;

  private MaskRandom(long key) {
    this.key = key;
  }

  /** The stream for model {@code model} (0-based position among the non-base models) of tensor {@code name}. */
  public static MaskRandom of(long seed, String name, int model) {
    return new MaskRandom(mix(mix(seed) ^ fnv1a(name) ^ mix(model + 1L)));
  }

  /** The uniform number in [0, 1) of element {@code i}. */
  public double uniform(long i) {
    return (mix(key + i) >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64: add the golden gamma, then finalise. */
  static long mix(long z) {
    z += GOLDEN;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a 64 over the UTF-8 bytes of {@code s}. */
  static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
