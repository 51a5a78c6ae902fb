package org.moelab.merge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkersTest {
  @Test
  void claimedIndicesRunOnceEachWithTheClaimingThreadsScratch() {
    int[] owner = new int[100];
    try (Workers workers = new Workers(3)) {
      AtomicIntegerArray runs = new AtomicIntegerArray(owner.length);
      workers.forClaimed(5, owner.length, w -> new int[] {w}, (w, i, scratch) -> {
        assertEquals(w, scratch[0]);
        runs.incrementAndGet(i);
        owner[i] = w;
      });
      for (int i = 0; i < owner.length; i++) {
        assertEquals(i < 5 ? 0 : 1, runs.get(i), "index " + i);
      }
    }
  }

  @Test
  void aStalledThreadLeavesTheRestToTheOthers() throws Exception {
    // The thread that runs index 0 holds it until every other index is done: with a fixed share
    // per thread (every other index) it would wait for indices that are its own, with claiming the
    // other thread takes them all.
    int count = 40;
    CountDownLatch othersDone = new CountDownLatch(count - 1);
    boolean[] waited = {false};
    try (Workers workers = new Workers(2)) {
      workers.forClaimed(0, count, w -> null, (w, i, scratch) -> {
        if (i == 0) {
          try {
            waited[0] = othersDone.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        } else {
          othersDone.countDown();
        }
      });
    }
    assertTrue(waited[0], "the other thread did not take over the stalled thread's indices");
  }
}
