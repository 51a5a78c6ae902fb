package org.moelab.stdlib;

/**
 * Turns text into a vector, for task-level routers (GLIDER's global score, sequence routing). The
 * default needs no download ({@link HashedNgramEmbedder}); a sentence-embedding model loaded from a
 * local path can implement this too.
 */
public interface TextEmbedder {
  /** The embedding of {@code text}, of length {@link #dimension()}. */
  float[] embed(String text);

  /** The embedding width. */
  int dimension();
}
