package org.moelab.stdlib;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A deterministic text embedding from hashed character n-grams (n = 3 and 4, on lower-cased text
 * padded with spaces): each n-gram adds ±1 at an FNV-1a hash bucket, and the vector is L2-normalised.
 * Texts that share words get a high cosine similarity; no model or download is needed.
 *
 * @param dimension the number of buckets
 */
public record HashedNgramEmbedder(int dimension) implements TextEmbedder {

  @Override
  public float[] embed(String text) {
    float[] v = new float[dimension];
    String s = " " + text.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ") + " ";
    for (int n = 3; n <= 4; n++) {
      for (int i = 0; i + n <= s.length(); i++) {
        long h = fnv1a(s.substring(i, i + n));
        int bucket = (int) Long.remainderUnsigned(h, dimension);
        v[bucket] += (h >>> 63) == 0 ? 1f : -1f;
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm > 0) {
      float inv = (float) (1.0 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  /** 64-bit FNV-1a of the UTF-8 bytes. */
  static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
