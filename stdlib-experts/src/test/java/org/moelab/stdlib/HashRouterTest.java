package org.moelab.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hash of hash routing against SplitMix64's published first output and Python's modulo. */
class HashRouterTest {
  @Test
  void splitmix64OfZeroIsTheFirstOutputOfSplitMix64SeededWithZero() {
    assertEquals(0xE220A8397B1DCDAFL, HashRouter.splitmix64(0));
  }

  @Test
  void expertIsTheUnsignedHashModuloE() {
    HashRouter r = new HashRouter(4, "splitmix64");
    assertEquals(Long.remainderUnsigned(0xE220A8397B1DCDAFL, 4), r.expertOf(0));
  }

  @Test
  void identityHashWrapsNegativeIdsLikePython() {
    HashRouter r = new HashRouter(4, "identity");
    assertEquals(3, r.expertOf(-1));
    assertEquals(1, r.expertOf(5));
  }
}
