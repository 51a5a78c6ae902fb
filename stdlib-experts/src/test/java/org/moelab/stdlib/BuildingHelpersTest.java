package org.moelab.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The host-side helpers of building tools: subset enumeration, channel draws, neuron carving. */
class BuildingHelpersTest {
  @Test
  void subsetsAreAllKSubsetsInLexicographicOrder() {
    List<long[]> s = ExpertPruning.subsets(4, 2);
    assertEquals(6, s.size());
    assertArrayEquals(new long[] {0, 1}, s.get(0));
    assertArrayEquals(new long[] {0, 2}, s.get(1));
    assertArrayEquals(new long[] {2, 3}, s.get(5));
    assertEquals(10, ExpertPruning.subsets(5, 3).size());
    assertEquals(1, ExpertPruning.subsets(3, 3).size());
  }

  @Test
  void drawnChannelsAreDistinctAndSeeded() {
    int[] a = Upcycling.channels(12, 6, new SplittableRandom(7));
    int[] b = Upcycling.channels(12, 6, new SplittableRandom(7));
    assertArrayEquals(a, b);
    assertEquals(6, Arrays.stream(a).distinct().count());
    assertTrue(Arrays.stream(a).allMatch(c -> c >= 0 && c < 12));
  }

  @Test
  void carvingPartitionsTheNeuronsIntoEqualExpertsWithTheMostActiveShared() {
    SplittableRandom rng = new SplittableRandom(3);
    double[][] profiles = new double[12][5];
    for (int i = 0; i < 12; i++) {
      for (int t = 0; t < 5; t++) {
        profiles[i][t] = rng.nextDouble() + (i == 4 || i == 7 || i == 9 ? 10 : 0);
      }
    }
    NeuronCarving c = NeuronCarving.carve(profiles, 3, 1, 11);
    assertArrayEquals(new int[] {4, 7, 9}, c.shared().get(0));
    int[] all = IntStream.concat(c.experts().stream().flatMapToInt(Arrays::stream),
        c.shared().stream().flatMapToInt(Arrays::stream)).sorted().toArray();
    assertArrayEquals(IntStream.range(0, 12).toArray(), all);
    c.experts().forEach(e -> assertEquals(3, e.length));
    for (int i = 0; i < 3; i++) {
      int rep = c.representatives()[i];
      assertTrue(Arrays.stream(c.experts().get(i)).anyMatch(n -> n == rep));
    }
  }
}
