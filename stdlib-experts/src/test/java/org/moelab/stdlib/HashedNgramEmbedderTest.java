package org.moelab.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HashedNgramEmbedderTest {
  private final HashedNgramEmbedder embedder = new HashedNgramEmbedder(384);

  @Test
  void fnv1aMatchesTheReferenceVectors() {
    assertEquals(0xcbf29ce484222325L, HashedNgramEmbedder.fnv1a(""));
    assertEquals(0xaf63dc4c8601ec8cL, HashedNgramEmbedder.fnv1a("a"));
    assertEquals(0x85944171f73967e8L, HashedNgramEmbedder.fnv1a("foobar"));
  }

  @Test
  void embeddingsAreDeterministicUnitVectorsIgnoringCaseAndSpacing() {
    float[] a = embedder.embed("Translate  English to French");
    assertArrayEquals(a, embedder.embed("translate english to french"));
    double norm = 0;
    for (float x : a) {
      norm += x * x;
    }
    assertEquals(1.0, norm, 1e-5);
  }

  @Test
  void textsSharingWordsAreCloserThanUnrelatedOnes() {
    float[] query = embedder.embed("translate this sentence into french");
    double near = MoergingBuiltins.cosine(embedder.embed("translate english to french"), query);
    double far = MoergingBuiltins.cosine(embedder.embed("solve math word problems"), query);
    assertTrue(near > far + 0.2, "near " + near + " far " + far);
  }

  @Test
  void emptyTextEmbedsToZero() {
    assertEquals(0.0, MoergingBuiltins.cosine(embedder.embed(""), embedder.embed("x")), 0.0);
  }
}
